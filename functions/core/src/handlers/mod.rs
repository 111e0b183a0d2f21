//! One handler per HTTP route, listed in [`crate::routes`]. Each takes the dependencies it uses and the request,
//! turns the request into domain calls, and answers a response or a problem; never a panic.

pub mod account;
pub mod accounts;
pub mod attachments;
pub mod calendar;
pub mod catalogue;
pub mod desk;
pub mod documents;
pub mod fixed_check;
pub mod me;
pub mod open311;
pub mod overview;
pub mod photos;
pub mod privacy;
pub mod public_map;
pub mod registry;
pub mod staff;
pub mod staff_accounts;
pub mod statistics;
pub mod subscriptions;
