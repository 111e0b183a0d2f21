//! What each function's DynamoDB calls consume, as the DynamoDB engine reports it: an interceptor on the
//! function's clients asks every call for its consumed capacity (`ReturnConsumedCapacity: TOTAL`, unless the
//! call asked already) and adds what the answer reports to the function's read or write tally. On Amazon's
//! DynamoDB Local these are the request units an on-demand table would bill (index writes and the doubled
//! cost of transactions included); moto reports none. The benchmark's bill is built from them.

use aws_sdk_dynamodb::operation::{
    batch_get_item::{BatchGetItemInput, BatchGetItemOutput},
    batch_write_item::{BatchWriteItemInput, BatchWriteItemOutput},
    delete_item::{DeleteItemInput, DeleteItemOutput},
    get_item::{GetItemInput, GetItemOutput},
    put_item::{PutItemInput, PutItemOutput},
    query::{QueryInput, QueryOutput},
    transact_get_items::{TransactGetItemsInput, TransactGetItemsOutput},
    transact_write_items::{TransactWriteItemsInput, TransactWriteItemsOutput},
    update_item::{UpdateItemInput, UpdateItemOutput},
};
use aws_sdk_dynamodb::types::{ConsumedCapacity, ReturnConsumedCapacity};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextMut, FinalizerInterceptorContextRef,
};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// One function's DynamoDB calls and the request units they consumed.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Tally {
    pub calls: u64,
    pub read_units: f64,
    pub write_units: f64,
}

impl Tally {
    /// What was consumed between `earlier` and this tally.
    pub fn since(&self, earlier: &Tally) -> Tally {
        Tally {
            calls: self.calls - earlier.calls,
            read_units: self.read_units - earlier.read_units,
            write_units: self.write_units - earlier.write_units,
        }
    }
}

/// The tallies of every metered function, by the function's logical name in `template.yaml`.
#[derive(Debug, Default)]
pub struct CapacityMeter {
    tallies: Mutex<BTreeMap<String, Tally>>,
}

impl CapacityMeter {
    /// Every function's tally so far.
    pub fn snapshot(&self) -> BTreeMap<String, Tally> {
        self.tallies.lock().map(|tallies| tallies.clone()).unwrap_or_default()
    }

    /// The interceptor for `function`'s clients.
    pub fn interceptor(self: &Arc<Self>, function: &str) -> Metering {
        Metering { function: function.to_owned(), meter: self.clone() }
    }

    fn add(&self, function: &str, write: bool, units: f64) {
        if let Ok(mut tallies) = self.tallies.lock() {
            let tally = tallies.entry(function.to_owned()).or_default();
            tally.calls += 1;
            if write {
                tally.write_units += units;
            } else {
                tally.read_units += units;
            }
        }
    }
}

#[derive(Debug)]
pub struct Metering {
    function: String,
    meter: Arc<CapacityMeter>,
}

fn units(capacity: &ConsumedCapacity) -> f64 {
    capacity.capacity_units().unwrap_or_default()
}

impl Intercept for Metering {
    fn name(&self) -> &'static str {
        "consumed capacity meter"
    }

    fn modify_before_serialization(
        &self,
        context: &mut BeforeSerializationInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let input = context.input_mut();
        macro_rules! ask {
            ($($input:ty),*) => {
                $(if let Some(input) = input.downcast_mut::<$input>() {
                    input.return_consumed_capacity.get_or_insert(ReturnConsumedCapacity::Total);
                    return Ok(());
                })*
            };
        }
        ask!(
            GetItemInput,
            QueryInput,
            BatchGetItemInput,
            TransactGetItemsInput,
            PutItemInput,
            UpdateItemInput,
            DeleteItemInput,
            BatchWriteItemInput,
            TransactWriteItemsInput
        );
        Ok(())
    }

    fn read_after_execution(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let Some(Ok(output)) = context.output_or_error() else { return Ok(()) };
        // A single call reports one capacity, a batch or a transaction one per table: both iterate.
        macro_rules! tally {
            ($($output:ty => $write:expr),*) => {
                $(if let Some(output) = output.downcast_ref::<$output>() {
                    let consumed = output.consumed_capacity().into_iter().map(units).sum();
                    self.meter.add(&self.function, $write, consumed);
                    return Ok(());
                })*
            };
        }
        tally!(
            GetItemOutput => false,
            QueryOutput => false,
            BatchGetItemOutput => false,
            TransactGetItemsOutput => false,
            PutItemOutput => true,
            UpdateItemOutput => true,
            DeleteItemOutput => true,
            BatchWriteItemOutput => true,
            TransactWriteItemsOutput => true
        );
        Ok(())
    }
}
