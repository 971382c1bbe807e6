//! Per-field code: the typed key constants, the writes, and the bounds that report a type on
//! its field.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;

use super::tokens::{respan, with_static_lifetime};
use crate::attr::DefaultAttr;
use crate::model::{Field, FieldKind, Struct};

/// `USER_ID` for `user_id`.
pub fn constant_name(field: &Field) -> syn::Ident {
    let name = field.ident.to_string();
    let name = name.strip_prefix("r#").unwrap_or(&name).to_uppercase();
    format_ident!("{}", name, span = field.ident.span())
}

pub(super) fn key_constant(
    private: &TokenStream,
    vis: &syn::Visibility,
    field: &Field,
) -> TokenStream {
    let name = constant_name(field);
    let ty = field.ty;
    let key = &field.key;
    let doc = format!(
        "The baggage key `{key}` of field `{}`, to read or write it alone.",
        field.ident
    );
    let key_expr = match (field.attrs.with.get(), crate::check::option_argument(ty)) {
        // On an `Option<T>`, the module converts `T`: `None` is no member.
        (Some(module), Some(inner)) => quote! {
            #private::Key::<#ty>::with_codec(
                #key,
                |value: &::core::option::Option<#inner>, out: &mut ::std::string::String| match value {
                    ::core::option::Option::Some(value) => #module::encode(value, out),
                    ::core::option::Option::None => ::core::result::Result::Ok(()),
                },
                |value: &str| #module::decode(value).map(::core::option::Option::Some),
                |value: &::core::option::Option<#inner>| value.is_none(),
                || ::core::option::Option::Some(::core::option::Option::None),
            )
        },
        (Some(module), None) => quote! {
            #private::Key::<#ty>::with_codec(
                #key,
                #module::encode,
                #module::decode,
                |_| false,
                || ::core::option::Option::None,
            )
        },
        (None, _) => quote_spanned!(ty.span()=> #private::key::<#ty>(#key)),
    };
    let key_expr = match field.attrs.max_len.get() {
        Some(max_len) => quote!(#key_expr.with_max_len(#max_len)),
        None => key_expr,
    };
    let key_expr = if field.aliases.is_empty() {
        key_expr
    } else {
        let aliases = field.aliases.iter().map(|(alias, _)| alias);
        quote!(#key_expr.with_aliases(&[#(#aliases),*]))
    };
    let key_expr = if field.attrs.allow_pii.is_set() {
        quote!(#key_expr.allow_pii())
    } else {
        key_expr
    };
    // Spanned on the field, so that a clash with a constant of the user's points at it.
    quote_spanned! {field.ident.span()=>
        #[doc = #doc]
        #vis const #name: #private::Key<#ty> = #key_expr;
    }
}

pub(super) fn default_value(default: Option<&DefaultAttr>) -> TokenStream {
    match default {
        Some(DefaultAttr::Path(path)) => quote!(#path()),
        _ => quote!(::core::default::Default::default()),
    }
}

pub(super) fn field_write(private: &TokenStream, field: &Field) -> Option<TokenStream> {
    let ident = field.ident;
    match field.kind {
        FieldKind::Skip => None,
        FieldKind::Flatten => {
            let ty = field.ty;
            let write = quote_spanned! {ty.span()=>
                <#ty as #private::Baggage>::write_members(&self.#ident, __baggage_writer)?;
            };
            Some(write)
        }
        FieldKind::Member => {
            let name = constant_name(field);
            Some(quote!(__baggage_writer.write(&Self::#name, &self.#ident)?;))
        }
    }
}

/// Bounds that make the compiler report an unsupported type on the field itself.
pub(super) fn type_checks(
    private: &TokenStream,
    model: &Struct,
    field: &Field,
) -> Vec<TokenStream> {
    let ty = match model.lifetime {
        Some(lifetime) => with_static_lifetime(field.ty.to_token_stream(), lifetime),
        None => field.ty.to_token_stream(),
    };
    let ty = &ty;
    let mut checks = Vec::new();
    match field.kind {
        FieldKind::Skip => {}
        // The key constant and the reads check that the type is a value or a `Baggage` struct.
        FieldKind::Flatten => {}
        FieldKind::Member => {
            if field.attrs.with.get().is_none() {
                if let (Some(span), Some(false)) = (
                    field.attrs.metric_label.span(),
                    field.attrs.metric_label.get(),
                ) {
                    let ty = respan(ty.to_token_stream(), span);
                    checks.push(respan(
                        quote!(#private::assert_bounded_cardinality::<#ty>();),
                        span,
                    ));
                }
                if let Some(span) = field.attrs.max_len.span() {
                    let ty = respan(ty.to_token_stream(), span);
                    checks.push(respan(
                        quote!(#private::assert_supports_max_len::<#ty>();),
                        span,
                    ));
                }
            }
        }
    }
    checks
}
