/** Module declarations for files esbuild loads that TypeScript does not know. */
declare module "*.geojson" {
  const value: unknown;
  export default value;
}
