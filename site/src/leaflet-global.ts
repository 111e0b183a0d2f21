/** Leaflet as the global `L`, which leaflet.markercluster (a UMD script) extends; imported before it. */
import L from "leaflet";

(window as unknown as { L: typeof L }).L = L;

export default L;
