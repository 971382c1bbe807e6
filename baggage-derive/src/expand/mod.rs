//! Code generation for `#[derive(Baggage)]` from a model known to be valid.
//!
//! Generated code names only `#krate::__private::…` and fully qualified `::core`/`::std` paths,
//! inside `const _: () = { … };`, so nothing leaks into or is shadowed by the user's module. The
//! items it defines there (`__BAGGAGE_KEYS`, `__BAGGAGE_FIELDS`, `__BAGGAGE_FLATTENED`, the
//! trait `__BaggageRead`) are local to that block.

mod fields;
mod reader;
mod schema;
mod tokens;

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;

pub use fields::constant_name;

use fields::{field_write, key_constant, type_checks};
use reader::{borrow_baggage, key_table, one_pass_from_header, reader_body, shared_reader, Source};
use schema::schema;
use tokens::respan;

use crate::model::{FieldKind, Struct};

pub fn expand_struct(model: &Struct) -> TokenStream {
    let krate = &model.krate;
    let private = quote!(#krate::__private);
    let ident = model.ident;
    let vis = model.vis;
    let (impl_generics, ty_generics, where_clause) = model.generics.split_for_impl();
    // Outside the impls, the struct's lifetime is not in scope: name the struct as `'static`.
    let static_ty = match model.lifetime {
        Some(_) => quote!(#ident<'static>),
        None => quote!(#ident),
    };
    let generic_params = &model.generics.params;

    let key_constants = model
        .members()
        .map(|field| key_constant(&private, vis, field));
    let from_baggage_body = reader_body(&private, model, Source::Baggage);
    let field_writes = model
        .fields
        .iter()
        .filter_map(|field| field_write(&private, field));
    let type_checks = model
        .fields
        .iter()
        .flat_map(|field| type_checks(&private, model, field));
    let schema = schema(&private, model);
    let from_header = one_pass_from_header(&private, model);
    let borrow_baggage = borrow_baggage(&private, model);
    let key_table = key_table(&private, model);
    let shared_reader = shared_reader(&private, model);
    let traced_fields = model
        .members()
        .filter(|field| !field.attrs.skip_tracing.is_set())
        .map(|field| {
            let (ident, key) = (field.ident, constant_name(field));
            quote!(#ident: #key)
        });
    // tracing needs every field name when a span is made, and the inner struct's are not known
    // here: a flattened struct is recorded as one field holding its members.
    let flattened_fields = model
        .fields
        .iter()
        .filter(|field| field.kind == FieldKind::Flatten)
        .map(|field| {
            let (ident, ty) = (field.ident, field.ty);
            quote!(#ident: #ty)
        });
    let tracing = quote! {
        #krate::__baggage_tracing_impl!(
            #krate, [#generic_params], #ident #ty_generics, [#(#traced_fields),*], [#(#flattened_fields),*]
        );
    };
    let prefix = model
        .attrs
        .prefix
        .get()
        .map(syn::LitStr::value)
        .unwrap_or_default();
    let (signature_key, verify, signed_check) = match model.attrs.signed.span() {
        Some(span) => {
            let key = format!("{prefix}baggage_sig");
            let check = respan(
                quote! {
                    const _: () = ::core::assert!(
                        #private::SIGNING_ENABLED,
                        "#[baggage(signed)] needs the `signed` feature of the baggage crate"
                    );
                    const _: () = if let ::core::option::Option::Some(message) =
                        #private::signed_alias_error(<#static_ty as #private::Baggage>::SCHEMA)
                    {
                        ::core::panic!("{}", message.as_str());
                    };
                },
                span,
            );
            (
                quote!(const SIGNATURE_KEY: ::core::option::Option<&'static str> = ::core::option::Option::Some(#key);),
                quote!(#private::verify_signature(Self::SCHEMA, #key, __baggage)?;),
                check,
            )
        }
        None => (TokenStream::new(), TokenStream::new(), TokenStream::new()),
    };
    let budget_span = model
        .attrs
        .budget
        .span()
        .unwrap_or_else(|| model.ident.span());
    // Keys across flattened structs are only known once their schemas are: compared at
    // compile time, reported on the first flattened field.
    let unique_keys_check = model
        .fields
        .iter()
        .find(|field| field.kind == FieldKind::Flatten)
        .map(|field| {
            respan(
                quote! {
                    const _: () = if let ::core::option::Option::Some(message) =
                        #private::duplicate_key_error(<#static_ty as #private::Baggage>::SCHEMA)
                    {
                        ::core::panic!("{}", message.as_str());
                    };
                },
                field.ty.span(),
            )
        });
    let budget_check = respan(
        quote! {
            const _: () = if let ::core::option::Option::Some(message) =
                #private::budget_error(<#static_ty as #private::Baggage>::SCHEMA)
            {
                ::core::panic!("{}", message.as_str());
            };
        },
        budget_span,
    );

    quote! {
        #[doc(hidden)]
        #[allow(non_upper_case_globals, unused_qualifications)]
        const _: () = {
            #[automatically_derived]
            impl #impl_generics #ident #ty_generics #where_clause {
                #(#key_constants)*
            }

            #[automatically_derived]
            impl #impl_generics #private::Baggage for #ident #ty_generics #where_clause {
                const SCHEMA: &'static #private::Schema = #schema;
                #signature_key

                fn from_baggage(
                    __baggage: &#private::StringBaggage<'_>,
                ) -> ::core::result::Result<Self, #private::DecodeError> {
                    #verify
                    #from_baggage_body
                }

                #from_header

                fn write_members(
                    &self,
                    __baggage_writer: &mut #private::MemberWriter,
                ) -> ::core::result::Result<(), #private::EncodeError> {
                    #(#field_writes)*
                    ::core::result::Result::Ok(())
                }
            }

            #borrow_baggage
            #key_table
            #shared_reader

            const _: () = {
                #(#type_checks)*
            };

            #budget_check
            #unique_keys_check
            #signed_check
            #tracing
        };
    }
}
