/**
 * Escapes Terraform template syntax so a string reaches AWS literally: Terraform JSON reads `${…}`
 * and `%{…}` as interpolation, while Glue's `storage.location.template` needs a literal `${year}`.
 *
 * @example
 * escapeTemplate('s3://b/analytics/year=${year}/'); // 's3://b/analytics/year=$${year}/'
 */
export function escapeTemplate(value: string): string {
  // Replacer functions: in a replacement string `$$` would itself collapse to `$`.
  return value.replaceAll('${', () => '$${').replaceAll('%{', () => '%%{');
}
