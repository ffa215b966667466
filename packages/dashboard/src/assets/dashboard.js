// The dashboard page's only script, served by the dashboard itself. The server renders the first
// view (on Athena, a shell this script fills), reloads the figures when a selector changes, and, for
// local data, refreshes them on a timer. The server renders all the HTML; this only swaps it in.
// Filters and CSV exports are plain links: they work without this script.
(() => {
  document.documentElement.classList.add('js');
  const main = document.getElementById('panels');
  const form = document.querySelector('form.controls');
  if (!main || !form) return;
  const status = form.querySelector('.status');
  const range = form.elements.namedItem('range');
  const dayInputs = [form.elements.namedItem('from'), form.elements.namedItem('to')];
  const refresh = form.elements.namedItem('refresh');
  let latest = 0;
  let inFlight = 0;

  const say = (text) => {
    if (status) status.textContent = text;
  };

  const showDayInputs = () => {
    const custom = range.value === 'custom';
    for (const input of dayInputs) {
      input.disabled = !custom;
      input.closest('label')?.classList.toggle('hidden', !custom);
    }
  };

  const queryOfForm = () => {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      // An empty value (the time zone's "the app's zone") is the same as none: keep the address short.
      if (name !== 'refresh' && value !== '') params.set(name, String(value));
    }
    return params.toString();
  };

  async function load(query, quiet) {
    const ticket = ++latest;
    inFlight++;
    if (!quiet) {
      main.setAttribute('aria-busy', 'true');
      say('Loading…');
    }
    try {
      const response = await fetch(`/panels?${query}`, { headers: { accept: 'text/html' } });
      const text = await response.text();
      if (ticket !== latest) return; // a newer request is on its way
      if (response.status === 503) {
        // Too many page loads at once: keep the figures on screen and say so.
        say(`Busy, retry in ${response.headers.get('retry-after') ?? 'a few'} s`);
        return;
      }
      // A refresh keeps open "Show SQL" boxes open: someone may be reading or copying one.
      const open = [...main.querySelectorAll('details.sql[open]')].map(
        (details) => details.closest('[data-query]')?.dataset.query,
      );
      main.innerHTML = text;
      main.dataset.query = query;
      for (const details of main.querySelectorAll('details.sql')) {
        if (open.includes(details.closest('[data-query]')?.dataset.query)) details.open = true;
      }
      // A later switch to "Custom range" starts from the days on screen.
      const shown = main.querySelector('.range');
      if (shown && range.value !== 'custom') {
        dayInputs[0].value = shown.dataset.from ?? dayInputs[0].value;
        dayInputs[1].value = shown.dataset.to ?? dayInputs[1].value;
      }
      say(`Updated ${new Date().toLocaleTimeString()}`);
    } catch (error) {
      if (ticket !== latest) return;
      say('');
      main.innerHTML =
        '<section class="panel error-panel"><div class="failure" role="alert"><p class="failure-title">Could not reach the dashboard server</p><p class="failure-message"></p><p class="failure-hint">Is npm run dashboard still running?</p></div></section>';
      main.querySelector('.failure-message').textContent = String(error);
    } finally {
      inFlight--;
      if (ticket === latest) {
        main.removeAttribute('aria-busy');
        delete main.dataset.pending;
      }
    }
  }

  const apply = () => {
    if (range.value === 'custom' && !dayInputs.every((input) => input.value)) return;
    const query = queryOfForm();
    history.pushState(null, '', `/?${query}`);
    load(query, false);
  };

  form.addEventListener('change', (event) => {
    if (event.target === refresh) return;
    showDayInputs();
    apply();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply();
  });
  window.addEventListener('popstate', () => {
    location.reload();
  });

  if (refresh) {
    const seconds = Number(refresh.dataset.seconds) || 30;
    setInterval(() => {
      // A hidden tab does not refresh; the next visible tick catches up. Nor does a tick while a load is
      // on its way: on a slow server each tick would supersede the last and the page would never settle.
      if (refresh.checked && document.visibilityState === 'visible' && inFlight === 0) {
        load(main.dataset.query ?? '', true);
      }
    }, seconds * 1000);
  }

  showDayInputs();
  if (main.hasAttribute('data-pending')) load(main.dataset.query ?? '', false);
})();
