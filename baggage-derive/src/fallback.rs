//! Minimal impls emitted beside the errors of an invalid input, so that the user sees the real
//! errors and not a cascade of "trait not implemented" at every use of the type.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

fn krate(input: &DeriveInput) -> TokenStream {
    let custom = input.attrs.iter().find_map(|attr| {
        if !attr.path().is_ident("baggage") {
            return None;
        }
        let mut path = None;
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("crate") {
                let literal: syn::LitStr = meta.value()?.parse()?;
                path = literal.parse::<syn::Path>().ok();
            } else if meta.input.peek(syn::Token![=]) {
                meta.value()?.parse::<syn::Expr>()?;
            }
            Ok(())
        });
        path
    });
    match custom {
        Some(path) => quote!(#path),
        None => quote!(::baggage),
    }
}

fn generics_free(input: &DeriveInput) -> bool {
    input.generics.params.is_empty()
}

pub fn baggage(input: &DeriveInput) -> TokenStream {
    let krate = krate(input);
    let ident = &input.ident;
    let name = ident.to_string();
    // The bodies never run, so the impl needs no bounds on the struct's parameters.
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let params = &input.generics.params;
    let constants = key_constants(input, &krate);
    quote! {
        const _: () = {
            // The key constants and tracing, so that uses of them report nothing more.
            impl #impl_generics #ident #ty_generics #where_clause {
                #(#constants)*
            }
            #krate::__baggage_tracing_impl!(#krate, [#params], #ident #ty_generics, [], []);
            impl #impl_generics #krate::__private::Baggage for #ident #ty_generics #where_clause {
                const SCHEMA: &'static #krate::__private::Schema =
                    &#krate::__private::schema(#krate::__private::SchemaParts {
                        name: #name,
                        doc: "",
                        budget: 0,
                        fields: &[],
                        flattened: &[],
                    });
                fn from_baggage(
                    _: &#krate::__private::StringBaggage<'_>,
                ) -> ::core::result::Result<Self, #krate::__private::DecodeError> {
                    ::core::unreachable!("#[derive(Baggage)] reported errors")
                }
                fn write_members(
                    &self,
                    _: &mut #krate::__private::MemberWriter,
                ) -> ::core::result::Result<(), #krate::__private::EncodeError> {
                    ::core::unreachable!("#[derive(Baggage)] reported errors")
                }
            }
            impl<'__header, #params> #krate::__private::BorrowBaggage<'__header>
                for #ident #ty_generics #where_clause
            {
                fn from_header_borrowed(
                    _: &'__header str,
                ) -> ::core::result::Result<Self, #krate::__private::DecodeError> {
                    ::core::unreachable!("#[derive(Baggage)] reported errors")
                }
            }
        };
    }
}

/// A key constant per named field, with conversions that never run, so that an unsupported type
/// reports nothing more here; one per constant name, as duplicates are themselves an error.
fn key_constants(input: &DeriveInput, krate: &TokenStream) -> Vec<TokenStream> {
    let syn::Data::Struct(data) = &input.data else {
        return Vec::new();
    };
    let mut seen = std::collections::HashSet::new();
    let vis = &input.vis;
    data.fields
        .iter()
        .filter_map(|field| {
            let ident = field.ident.as_ref()?;
            let name = ident.to_string();
            let name = name.strip_prefix("r#").unwrap_or(&name).to_uppercase();
            if !seen.insert(name.clone()) {
                return None;
            }
            let constant = quote::format_ident!("{}", name, span = ident.span());
            let ty = &field.ty;
            Some(quote! {
                #[allow(dead_code)]
                #vis const #constant: #krate::__private::Key<#ty> = #krate::__private::Key::with_codec(
                    "",
                    |_, _| ::core::result::Result::Ok(()),
                    |_| ::core::unreachable!("#[derive(Baggage)] reported errors"),
                    |_| false,
                    || ::core::option::Option::None,
                );
            })
        })
        .collect()
}

pub fn baggage_value(input: &DeriveInput) -> TokenStream {
    if !generics_free(input) {
        return TokenStream::new();
    }
    let krate = krate(input);
    let ident = &input.ident;
    quote! {
        const _: () = {
            impl #krate::__private::BaggageValue for #ident {
                const TYPE_NAME: &'static str = "";
                fn encode(
                    &self,
                    _: &mut ::std::string::String,
                ) -> ::core::result::Result<(), #krate::__private::ValueError> {
                    ::core::unreachable!("#[derive(BaggageValue)] reported errors")
                }
                fn decode(_: &str) -> ::core::result::Result<Self, #krate::__private::ValueError> {
                    ::core::unreachable!("#[derive(BaggageValue)] reported errors")
                }
            }
            impl #krate::__private::ListItem for #ident {}
        };
    }
}
