//! The `SCHEMA` of a derived struct: its fields' keys, types, bounds and marks, built in `const`.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;

use super::fields::constant_name;
use super::tokens::{option, with_static_lifetime};
use crate::model::{FieldKind, Struct};

/// The Rust type as the user wrote it, without the spaces token printing adds.
pub fn type_name(ty: &syn::Type) -> String {
    let text = ty.to_token_stream().to_string();
    let mut compact = String::with_capacity(text.len());
    let mut previous = ' ';
    let mut characters = text.chars().peekable();
    while let Some(character) = characters.next() {
        let next = characters.peek().copied().unwrap_or(' ');
        let around_punctuation =
            |c: char| matches!(c, '<' | '>' | ':' | '&' | '(' | ')' | '[' | ']');
        if character == ' '
            && (around_punctuation(previous) || around_punctuation(next) || next == ',')
            && !(previous == ',' || (previous == '>' && next.is_alphanumeric()))
        {
            continue;
        }
        compact.push(character);
        previous = character;
    }
    compact
}

pub(super) fn schema(private: &TokenStream, model: &Struct) -> TokenStream {
    let name = model.ident.to_string();
    let doc = &model.doc;
    let budget = model.budget;
    let fields = model.members().map(|field| {
        let ty = field.ty;
        let key = &field.key;
        let field_name = field.ident.to_string();
        let rust_type = type_name(ty);
        let max_len = option(field.attrs.max_len.get());
        let has_default = field.attrs.default.is_set();
        let (value_type, kind, may_be_absent, type_bound) = match field.attrs.with.get() {
            Some(_) => {
                let optional = crate::check::option_argument(ty).is_some();
                (
                    quote!(#rust_type),
                    quote!(&#private::ValueKind::Opaque),
                    quote!(#optional),
                    quote!(::core::option::Option::None),
                )
            }
            None => {
                let ident = model.ident;
                let key = constant_name(field);
                (
                    quote!(#ident::#key.value_type()),
                    quote!(#ident::#key.kind()),
                    quote!(!#ident::#key.is_required()),
                    quote!(#ident::#key.max_encoded_len()),
                )
            }
        };
        let required = quote!(!#has_default && !(#may_be_absent));
        let with = option(
            field
                .attrs
                .with
                .get()
                .map(|path| path.to_token_stream().to_string().replace(' ', "")),
        );
        let doc = &field.doc;
        let ident = model.ident;
        let key_constant = constant_name(field);
        let internal = field.attrs.internal.is_set();
        let metric_label = field.attrs.metric_label.is_set();
        let traced = !field.attrs.skip_tracing.is_set();
        let allow_pii = option(field.attrs.allow_pii.get().map(syn::LitStr::value));
        let aliases = field.aliases.iter().map(|(alias, _)| alias);
        // One function per type; a field converted by a module checks through its key.
        let accepts = match field.attrs.with.get() {
            Some(_) => quote!(|value, _| #ident::#key_constant.decode_value(value).is_ok()),
            None => quote!(#private::acceptor(&#ident::#key_constant)),
        };
        quote! {
            #private::field_schema(#private::FieldParts {
                key: #key,
                field: #field_name,
                rust_type: #rust_type,
                value_type: #value_type,
                kind: #kind,
                required: #required,
                may_be_absent: #may_be_absent,
                with: #with,
                max_len: #max_len,
                max_encoded_len: #private::value_bound(#type_bound, #max_len),
                doc: #doc,
                internal: #internal,
                allow_pii: #allow_pii,
                accepts: #accepts,
                metric_label: #metric_label,
                traced: #traced,
                aliases: &[#(#aliases),*],
            })
        }
    });
    let flattened = model
        .fields
        .iter()
        .filter(|field| field.kind == FieldKind::Flatten)
        .map(|field| {
            // Named in a `const` item of its own, where the struct's lifetime is not in scope.
            let ty = match model.lifetime {
                Some(lifetime) => with_static_lifetime(field.ty.to_token_stream(), lifetime),
                None => field.ty.to_token_stream(),
            };
            quote_spanned!(field.ty.span()=> <#ty as #private::Baggage>::SCHEMA)
        });
    // The slices are `const` items so that the schemas built by calls in them live for 'static.
    quote! {
        {
            const __BAGGAGE_FIELDS: &[#private::FieldSchema] = &[#(#fields),*];
            const __BAGGAGE_FLATTENED: &[&#private::Schema] = &[#(#flattened),*];
            &#private::schema(#private::SchemaParts {
                name: #name,
                doc: #doc,
                budget: #budget,
                fields: __BAGGAGE_FIELDS,
                flattened: __BAGGAGE_FLATTENED,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_read_as_written() {
        let cases: [(syn::Type, &str); 5] = [
            (syn::parse_quote!(u64), "u64"),
            (syn::parse_quote!(Vec<String>), "Vec<String>"),
            (syn::parse_quote!(Option<Vec<u8>>), "Option<Vec<u8>>"),
            (syn::parse_quote!(std::net::IpAddr), "std::net::IpAddr"),
            (syn::parse_quote!(Cow<'static, str>), "Cow<'static, str>"),
        ];
        for (ty, expected) in cases {
            assert_eq!(type_name(&ty), expected);
        }
    }
}
