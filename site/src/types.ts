/**
 * The API's shapes, as the API document describes them: aliases of the schemas that `npm run gen:api` generates
 * from site/openapi.json (itself generated from the Rust types) into src/api.gen.ts. Nothing is written out here:
 * a change of an answer changes these types, and tsc tells which page to update. Answers the document does not
 * describe yet have a small local type where they are read, marked "not yet described by the API document".
 */
import type { components } from "./api.gen";

type Schemas = components["schemas"];

// ---------------------------------------------------------------- the catalogue
/** A name in both languages. */
export type Names = Schemas["Name"];
/** An id and its name in both languages (statuses and kinds of the catalogue answer). */
export type Named = Schemas["Labelled"];
export type Route = Schemas["Route"];
export type SignalType = Schemas["SignalType"];
export type SignalCategory = Schemas["Category"];
/** An urgent category or type: whom to call instead of filing (112 or a named service). */
export type Urgent = Schemas["Urgent"];
export type Unit = Schemas["Unit"];
export type District = Schemas["District"];
export type Topic = Schemas["Topic"];
/** `GET /api/catalogue`: units, districts, categories, topics, and the labels of every status and kind. */
export type Catalogue = Schemas["CatalogueAnswer"];
export type Status = Schemas["Status"];
export type DocumentKind = Schemas["DocumentKind"];

// ---------------------------------------------------------------- accounts
/** `POST /api/account/login` and `/refresh` when signed in. */
export type LoginTokens = Schemas["Tokens"];
/** `POST /api/account/login` (202): another step of the sign-in. */
export type MfaStep = Schemas["MfaStep"];
export type AccountStep = Schemas["AccountStep"];
export type Profile = Schemas["Profile"];

// ---------------------------------------------------------------- public map and overview
/** `GET /api/map`: one marker per signal (GeoJSON point, [lon, lat]). */
export type MapFeature = Schemas["Feature"];
export type MapAnswer = Schemas["FeatureCollection"];
export type Count = Schemas["Count"];
export type PeriodOverview = Schemas["PeriodOverview"];
/** `GET /api/overview`: counters kept by the stream function. */
export type Overview = Schemas["Overview"];

// ---------------------------------------------------------------- public account of units
/** `GET /api/accounts`: every unit's and district's account (`?format=csv`: the same as CSV). */
export type PublicAccount = Schemas["PublicAccount"];
/** One unit's or district's account: three periods' figures, what is open now, the 12-month trend. */
export type ScopeAccount = Schemas["ScopeAccount"];
export type Figures = Schemas["Figures"];
export type MonthFigures = Schemas["MonthFigures"];
/** Median and 90th percentile of working days (null when nothing was counted). */
export type WorkingDays = Schemas["WorkingDays"];

// ---------------------------------------------------------------- documents
/** `POST /api/signals`, `/api/questions`, `/api/me/…`: the number and date of a new document. */
export type Registered = Schemas["Registered"];
/** `GET /api/me/documents`: a page of "My signals". */
export type MyDocuments = Schemas["MyDocuments"];
export type MyDocument = Schemas["MyDocument"];
/** `GET /api/staff/queues/{unit}`: a page of a unit's queue. */
export type Queue = Schemas["Queue"];
export type QueueItem = Schemas["QueueItem"];
/** `GET /api/staff/documents`: a page of the back office's one view, a row per document. */
export type DeskPage = Schemas["DeskPage"];
export type DeskFigures = Schemas["DeskFiguresAnswer"];
export type StaffList = Schemas["StaffList"];
export type StaffMember = Schemas["StaffMember"];
export type DeskRow = Schemas["DeskRow"];
/** `POST /api/staff/bulk`: what one action did to each document, or why not. */
export type BulkAnswer = Schemas["BulkAnswer"];
export type BulkResult = Schemas["BulkResult"];
/** `POST /api/staff/intake` (201): what the operator reads out to the caller. */
export type TakenIn = Schemas["TakenIn"];
/** The answer of a staff action or of the sender's reopening. */
export type Acted = Schemas["Acted"];
/** The public note a status change without a note gets. */
export type ReplyTemplate = Schemas["ReplyTemplate"];
/** A catalogue reference as documents carry it: the id and its names. */
export type Ref = Schemas["CodeAndName"];
export type Photo = Schemas["PhotoView"];
export type Attachment = Schemas["AttachmentView"];
export type Due = Schemas["DueView"];
/** Where an open document stands against its due date: on time, overdue, long overdue. */
export type Standing = Schemas["Standing"];
/** How a document ended (fixed, closed without a fix, not competent, duplicate, refused), with that in words. */
export type Outcome = Schemas["OutcomeView"];
/** A step of the due date that a `reminded` event records. */
export type ReminderStep = Schemas["Step"];
export type Sender = Schemas["SenderView"];
/** One event of a document's history as the public and the sender see it. */
export type PublicEvent = Schemas["PublicEvent"];
/** What an event did (assigned, status_changed, reply, …). */
export type Change = Schemas["Change"];
/** A document as `GET /api/documents/{number}` and `GET /api/me/documents/{number}` give it (public or sender's view). */
export type DocumentView = Schemas["DocumentView"];
/** "Is it fixed?": the sender's answer from the mail's link, `POST /api/documents/{number}/fixed-check`. */
export type FixedAnswer = Schemas["FixedAnswer"];
export type FixedCheckBody = Schemas["FixedCheckBody"];
/** What the answer did: the signal's number, the answer and its status now. */
export type FixedAnswered = Schemas["Answered"];
/** A problem+json answer (RFC 9457), with field errors for a validation failure. */
export type Problem = Schemas["Problem"];
export type ApiFieldError = Schemas["FieldError"];

// ---------------------------------------------------------------- working-day calendar
/** `GET /api/calendar?year=` and `PUT /api/admin/calendar`: a year's days off (and why), weekend working days, the changes kept. */
export type CalendarAnswer = Schemas["CalendarAnswer"];
/** The government's changes (the whole lists, as `PUT /api/admin/calendar` replaces them). */
export type CalendarChanges = Schemas["CalendarChanges"];
export type ChangedDay = Schemas["ChangedDay"];
export type DayOffView = Schemas["DayOffView"];
