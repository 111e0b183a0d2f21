/** Shapes of the API's answers that the site reads (see the README's route tables and site/openapi.json). */

/** A name in both languages, as the catalogue gives it. */
export interface Names {
  bg: string;
  en: string;
}

export interface Named {
  id: string;
  name: Names;
}

export interface Route {
  unit?: string;
  district?: boolean;
}

export interface SignalType extends Named {
  route?: Route;
}

export interface SignalCategory extends Named {
  types: SignalType[];
  route?: Route;
  target_days?: number;
}

export interface Unit extends Named {
  kind: string;
  competence?: Names;
  phone?: string;
  email?: string;
  address?: Names | string;
  hours?: Names | string;
  web?: string;
}

export interface District extends Named {
  unit: string;
}

export interface Topic extends Named {
  unit: string;
}

export interface Catalogue {
  units: Unit[];
  districts: District[];
  signal_categories: SignalCategory[];
  information_topics: Topic[];
}

/** Tokens kept for the tab after login. */
export interface Tokens {
  id_token: string;
  access_token: string;
  refresh_token: string;
  expires_at: number;
}

export interface Profile {
  email: string;
  name?: string;
  phone?: string;
  address?: string;
}

export interface StaffRoles {
  operator: boolean;
  admin: boolean;
  /** Unit ids from `unit-<id>` groups. */
  units: string[];
  /** Operator or admin: sees every queue. */
  all: boolean;
  staff: boolean;
}

// ---------------------------------------------------------------- public map and overview

/** `GET /api/map`: one marker per signal (GeoJSON point, [lon, lat]). */
export interface MapFeature {
  type: "Feature";
  id: string;
  geometry: { type: "Point"; coordinates: [number, number] };
  properties: {
    number: string;
    category: string;
    type: string;
    status: string;
    district?: string | null;
    /** yyyy-mm-dd, the Sofia registration day. */
    date: string;
    thumbnail?: string | null;
  };
}

export interface MapAnswer {
  type: "FeatureCollection";
  days: number;
  truncated: boolean;
  features: MapFeature[];
}

/** `GET /api/signals/nearby`: open signals within 250 m. */
export interface NearbySignal {
  number: string;
  category: string;
  type: string;
  status: string;
  date?: string;
  distance_m?: number | null;
}

export interface Count {
  id: string;
  name?: Names | null;
  total: number;
  open: number;
  resolved: number;
}

export interface PeriodOverview {
  total: number;
  open: number;
  resolved: number;
  resolved_share: number;
  by_status: Record<string, number>;
  by_category: Count[];
  by_district: Count[];
}

/** `GET /api/overview`: counters kept by the stream function. */
export interface Overview {
  last_30_days: PeriodOverview;
  this_year: PeriodOverview;
  all_time: PeriodOverview;
  median_days_to_resolution: Array<{ category: string; name?: Names | null; resolved: number; median_days: number | null }>;
}

// ---------------------------------------------------------------- subscriptions and the back office

/** `GET /api/me/subscriptions`: a followed signal or an area alert. */
export interface Subscription {
  type: "signal" | "area";
  number?: string;
  district?: string | null;
  category?: string | null;
  status?: string;
  status_label?: Names;
  registered_on?: string;
}

export interface Due {
  date?: string;
  overdue?: boolean;
}

/** `GET /api/me/documents`: one line of "My signals". */
export interface MyDocument {
  number: string;
  kind: string;
  kind_label?: Names;
  about?: Names | string | null;
  registered_on?: string;
  status: string;
  status_label?: Names;
  answered?: boolean;
  due?: Due | null;
}

/** `GET /api/staff/queues/{unit}`: one waiting document. */
export interface QueueItem {
  number: string;
  kind: string;
  registered_at: string;
  due?: Due | null;
  overdue?: boolean;
}

/** `GET /api/staff/templates`: the public note a status change without a note gets. */
export interface ReplyTemplate {
  category: string;
  status: string;
  text_bg: string;
  text_en: string;
}

// ---------------------------------------------------------------- documents

/** A catalogue reference as documents carry it: the id and its names. */
export interface Ref {
  id: string;
  name?: Names | null;
}

export interface Photo {
  id: string;
  url?: string;
  thumbnail_url?: string;
}

export interface Attachment {
  id?: string;
  file_name?: string;
  content_type?: string;
  size?: number;
  url?: string;
}

/** One event of a document's history; `change` says what happened (assigned, status, reply, note, …). */
export interface HistoryEvent {
  at: string;
  change?: { type?: string; from?: string; to?: string; of?: string; duplicate?: string; description_edited?: boolean; hidden_photo?: string };
  text?: string | null;
  internal?: boolean;
  by?: string;
  actor?: { type?: string; name?: string | null };
}

export interface Sender {
  email?: string;
  name?: string;
  phone?: string;
  address?: string;
}

/**
 * A document as `GET /api/documents/{number}` (public or the sender's view), `GET /api/me/documents/{number}`
 * and `GET /api/staff/documents/{number}` give it; fields depend on the kind and the viewer.
 */
export interface DocumentView {
  number: string;
  registered_at?: string;
  registered_on?: string;
  kind: string;
  kind_label?: Names;
  status: string;
  status_label?: Names;
  unit?: Ref | null;
  district?: Ref | null;
  category?: Ref | null;
  type?: Ref | null;
  topic?: Ref | null;
  title?: string | null;
  location?: { point?: { lat: number; lon: number } | null; address?: string | null } | null;
  description?: string | null;
  photos?: Photo[];
  attachments?: Attachment[];
  history?: HistoryEvent[];
  due?: Due | null;
  duplicate_of?: string | null;
  duplicates?: string[];
  sender?: Sender | null;
  subscribers?: number;
  viewer?: "public" | "sender" | "owner" | "staff";
}

/** `GET /api/staff/documents/{number}`: the document, its whole history and what a clerk may do next. */
export interface StaffDocument {
  document: DocumentView;
  version: number;
  history: HistoryEvent[];
  next_statuses: string[];
  original_description?: string | null;
  hidden_photos?: string[];
  overdue?: boolean;
}
