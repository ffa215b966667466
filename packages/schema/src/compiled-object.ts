import * as z from 'zod/mini';
import * as core from 'zod/v4/core';

/**
 * `z.object` of `zod/mini`, parsed by Zod's compiled object parser (`$ZodObjectJIT`, what the full
 * `zod` package's `z.object` uses): on the first parse Zod writes one function for the shape, so each
 * later parse reads the known keys directly instead of walking the shape. `zod/mini` leaves it out to
 * stay small; the events of every request are parsed with it, so the handler takes it back for the
 * schemas it runs per event. Same name, same checks, same issues and output as `z.object`
 * (`compiled-object.test.ts` compares the two on generated input); where `eval` is forbidden Zod falls
 * back to the walking parser by itself.
 */
type Def = z.ZodMiniObject['_zod']['def'];
// The initializers as plain functions (TypeScript cannot call assertion signatures through a namespace).
const compiledParser: (inst: z.ZodMiniObject, def: Def) => void = core.$ZodObjectJIT.init;
const miniMethods: (inst: z.ZodMiniObject, def: Def) => void = z.ZodMiniType.init;
const ZodMiniCompiledObject = core.$constructor<z.ZodMiniObject>('ZodMiniObject', (inst, def) => {
  compiledParser(inst, def);
  miniMethods(inst, def);
  core.util.installLazyProp(inst, 'shape', (self: z.ZodMiniObject) => self._zod.def.shape, false);
});

/**
 * An object schema with unknown keys dropped (as `z.object`), parsed by Zod's compiled parser.
 *
 * @example
 * const Point = compiledObject({ x: z.number(), y: z.number() });
 * Point.parse({ x: 1, y: 2, z: 3 }); // { x: 1, y: 2 }
 */
export function compiledObject<Shape extends core.$ZodLooseShape>(
  shape: Shape,
): z.ZodMiniObject<Shape, core.$strip> {
  return new ZodMiniCompiledObject({ type: 'object', shape }) as unknown as z.ZodMiniObject<
    Shape,
    core.$strip
  >;
}
