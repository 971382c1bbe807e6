//! Derive macros for the [`baggage`](https://docs.rs/baggage) crate; use them through it, where
//! they are documented.
//!
//! Each derive runs in phases, one file each: `attr` parses attributes, `model` builds the
//! checked shape of the input, `check` validates across fields with `baggage-core`'s key rules,
//! and `expand`/`expand_value` generate code. All errors of one input are reported together;
//! when there are any, `fallback` emits a minimal impl so that only the real errors show.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod attr;
mod case;
mod check;
mod ctxt;
mod expand;
mod expand_value;
mod fallback;
mod model;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

use crate::ctxt::Ctxt;

/// Implements `baggage::Baggage` for a struct whose named fields are baggage members.
#[proc_macro_derive(Baggage, attributes(baggage))]
pub fn derive_baggage(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    let cx = Ctxt::default();
    let model = model::Struct::from_input(&cx, &input);
    if let Some(model) = &model {
        check::check_struct(&cx, model);
    }
    match (model, cx.check()) {
        (Some(model), Ok(())) => expand::expand_struct(&model).into(),
        (_, result) => {
            let errors = result.err().map(|e| e.to_compile_error());
            let fallback = fallback::baggage(&input);
            quote::quote!(#errors #fallback).into()
        }
    }
}

/// Implements `baggage::BaggageValue` for an enum of unit variants or a newtype.
#[proc_macro_derive(BaggageValue, attributes(baggage))]
pub fn derive_baggage_value(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    let cx = Ctxt::default();
    let model = model::Value::from_input(&cx, &input);
    if let Some(model) = &model {
        check::check_value(&cx, model);
    }
    match (model, cx.check()) {
        (Some(model), Ok(())) => expand_value::expand_value(&input, &model).into(),
        (_, result) => {
            let errors = result.err().map(|e| e.to_compile_error());
            let fallback = fallback::baggage_value(&input);
            quote::quote!(#errors #fallback).into()
        }
    }
}
