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
  website?: string;
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
