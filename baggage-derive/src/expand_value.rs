//! Code generation for `#[derive(BaggageValue)]`: enums of unit variants and newtypes.

use baggage_rules::encoded_value_len;
use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use crate::model::{Value, ValueShape, Variant};

pub fn expand_value(input: &DeriveInput, model: &Value) -> TokenStream {
    let krate = &model.krate;
    let private = quote!(#krate::__private);
    let ident = model.ident;
    let type_name = ident.to_string();
    let body = match &model.shape {
        ValueShape::Enum(variants) => enum_body(&private, &type_name, variants),
        ValueShape::Newtype(inner) => {
            let construct = match Value::newtype_field(input) {
                Some(field) => quote!(|inner| Self { #field: inner }),
                None => quote!(Self),
            };
            let access = match Value::newtype_field(input) {
                Some(field) => quote!(self.#field),
                None => quote!(self.0),
            };
            quote! {
                const TYPE_NAME: &'static str = #type_name;
                const MAX_ENCODED_LEN: ::core::option::Option<usize> =
                    <#inner as #private::BaggageValue>::MAX_ENCODED_LEN;
                const SCAN_PII: bool = <#inner as #private::BaggageValue>::SCAN_PII;
                const KIND: &'static #private::ValueKind =
                    <#inner as #private::BaggageValue>::KIND;

                fn encode(
                    &self,
                    out: &mut ::std::string::String,
                ) -> ::core::result::Result<(), #private::ValueError> {
                    #private::BaggageValue::encode(&#access, out)
                }

                fn decode(value: &str) -> ::core::result::Result<Self, #private::ValueError> {
                    <#inner as #private::BaggageValue>::decode(value).map(#construct)
                }

                fn trace_value(&self) -> #private::TraceValue<'_> {
                    #private::BaggageValue::trace_value(&#access)
                }
            }
        }
    };
    // Newtypes are list items and take `max_len` exactly when what they wrap does; the
    // higher-ranked bound defers the check to where it is used.
    let marker_impls = match &model.shape {
        ValueShape::Enum(variants) => {
            // A catch-all that holds the unknown value makes the enum's values unbounded.
            let bounded = variants
                .iter()
                .all(|variant| variant.holds.is_none())
                .then(|| {
                    quote! {
                        #[automatically_derived]
                        impl #private::BoundedCardinality for #ident {}
                    }
                });
            quote! {
                #[automatically_derived]
                impl #private::ListItem for #ident {}
                #bounded
            }
        }
        ValueShape::Newtype(inner) => quote! {
            #[automatically_derived]
            impl #private::ListItem for #ident where for<'__baggage> #inner: #private::ListItem {}
            #[automatically_derived]
            impl #private::SupportsMaxLen for #ident
            where
                for<'__baggage> #inner: #private::SupportsMaxLen,
            {
            }
            #[automatically_derived]
            impl #private::BoundedCardinality for #ident
            where
                for<'__baggage> #inner: #private::BoundedCardinality,
            {
            }
        },
    };
    quote! {
        #[doc(hidden)]
        #[allow(unused_qualifications)]
        const _: () = {
            #[automatically_derived]
            impl #private::BaggageValue for #ident {
                #body
            }
            #marker_impls
        };
    }
}

fn enum_body(private: &TokenStream, type_name: &str, variants: &[Variant]) -> TokenStream {
    let named: Vec<&Variant> = variants.iter().filter(|v| v.holds.is_none()).collect();
    let catch_all = variants.iter().find(|v| v.holds.is_some());
    let longest = named
        .iter()
        .map(|variant| encoded_value_len(&variant.name))
        .max()
        .unwrap_or(0);
    let max_encoded_len = match catch_all.and_then(|variant| variant.holds) {
        Some(held) => quote! {
            match <#held as #private::BaggageValue>::MAX_ENCODED_LEN {
                ::core::option::Option::Some(len) if len > #longest => ::core::option::Option::Some(len),
                ::core::option::Option::Some(_) => ::core::option::Option::Some(#longest),
                ::core::option::Option::None => ::core::option::Option::None,
            }
        },
        None => quote!(::core::option::Option::Some(#longest)),
    };
    let encode_arms = variants.iter().map(|variant| {
        let ident = variant.ident;
        let name = &variant.name;
        if variant.holds.is_some() {
            quote!(Self::#ident(value) => return #private::BaggageValue::encode(value, out),)
        } else {
            quote!(Self::#ident => #name,)
        }
    });
    let exact_arms = named.iter().map(|variant| {
        let ident = variant.ident;
        let name = &variant.name;
        quote!(#name => return ::core::result::Result::Ok(Self::#ident),)
    });
    let caseless_checks = named.iter().map(|variant| {
        let ident = variant.ident;
        let name = &variant.name;
        quote! {
            if value.eq_ignore_ascii_case(#name) {
                return ::core::result::Result::Ok(Self::#ident);
            }
        }
    });
    let unit_catch_all = named.iter().find(|variant| variant.is_other());
    let fallback = match (catch_all, unit_catch_all) {
        (Some(variant), _) => {
            let ident = variant.ident;
            quote! {
                #private::BaggageValue::decode(value).map(Self::#ident)
            }
        }
        (None, Some(variant)) => {
            let ident = variant.ident;
            quote!(::core::result::Result::Ok(Self::#ident))
        }
        (None, None) => {
            let expected = format!(
                "not one of {}",
                named
                    .iter()
                    .map(|variant| format!("`{}`", variant.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            quote!(::core::result::Result::Err(#private::ValueError::new(#type_name, #expected)))
        }
    };
    // A catch-all that holds the unknown value writes that value back: it is scanned as the
    // held type's values are, so that free text cannot travel unscanned inside an enum.
    let scan_pii = match catch_all.and_then(|variant| variant.holds) {
        Some(held) => quote!(<#held as #private::BaggageValue>::SCAN_PII),
        None => quote!(false),
    };
    let names = named.iter().map(|variant| &variant.name);
    let catch_all_kind = match (catch_all.and_then(|variant| variant.holds), unit_catch_all) {
        (Some(held), _) => quote!(Holds(<#held as #private::BaggageValue>::KIND)),
        (None, Some(_)) => quote!(Unit),
        (None, None) => quote!(None),
    };
    quote! {
        const TYPE_NAME: &'static str = #type_name;
        const MAX_ENCODED_LEN: ::core::option::Option<usize> = #max_encoded_len;
        const SCAN_PII: bool = #scan_pii;
        const KIND: &'static #private::ValueKind = &#private::ValueKind::enumeration(
            #type_name,
            &[#(#names),*],
            #private::CatchAll::#catch_all_kind,
        );

        fn encode(
            &self,
            out: &mut ::std::string::String,
        ) -> ::core::result::Result<(), #private::ValueError> {
            let text = match self {
                #(#encode_arms)*
            };
            out.push_str(text);
            ::core::result::Result::Ok(())
        }

        /// Reads a variant's exact name, then any ASCII case of it.
        fn decode(value: &str) -> ::core::result::Result<Self, #private::ValueError> {
            match value {
                #(#exact_arms)*
                _ => {}
            }
            #(#caseless_checks)*
            #fallback
        }
    }
}
