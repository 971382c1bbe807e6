//! Code generation for `#[derive(Baggage)]` from a model known to be valid.
//!
//! Generated code names only `#krate::__private::…` and fully qualified `::core`/`::std` paths,
//! inside `const _: () = { … };`, so nothing leaks into or is shadowed by the user's module.

use proc_macro2::{Group, Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;

use crate::attr::DefaultAttr;
use crate::model::{Field, FieldKind, Struct};

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
    let field_reads = model.fields.iter().map(|field| field_read(&private, field));
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
                const SCHEMA: &'static #private::Schema = &#schema;
                #signature_key

                fn from_baggage(
                    __baggage: &#private::StringBaggage<'_>,
                ) -> ::core::result::Result<Self, #private::DecodeError> {
                    #verify
                    ::core::result::Result::Ok(Self {
                        #(#field_reads,)*
                    })
                }

                #from_header

                fn encode_members(
                    &self,
                    __baggage_writer: &mut #private::HeaderWriter,
                ) -> ::core::result::Result<(), #private::EncodeError> {
                    #(#field_writes)*
                    ::core::result::Result::Ok(())
                }
            }

            #borrow_baggage

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

/// `from_header` reading the header in one pass, each member matched against the struct's keys
/// as it is scanned. A struct with flattened fields, or a signed one, keeps the default, through
/// `from_baggage`, since both need the parsed baggage.
fn one_pass_from_header(private: &TokenStream, model: &Struct) -> TokenStream {
    if !reads_in_one_pass(model) {
        return TokenStream::new();
    }
    let body = one_pass_body(private, model, false);
    quote! {
        fn from_header(
            __baggage_header: &str,
        ) -> ::core::result::Result<Self, #private::DecodeError> {
            #body
        }
    }
}

/// Whether the header is read in one pass; flattened fields and a signature need the parsed
/// baggage.
fn reads_in_one_pass(model: &Struct) -> bool {
    let flattens = model
        .fields
        .iter()
        .any(|field| field.kind == FieldKind::Flatten);
    !flattens && !model.attrs.signed.is_set()
}

/// `BorrowBaggage`: the one-pass reader borrowing the fields that use the struct's lifetime, or
/// `from_header` when there are none or the struct is not read in one pass.
fn borrow_baggage(private: &TokenStream, model: &Struct) -> TokenStream {
    let ident = model.ident;
    let (impl_generics, ty_generics, where_clause) = model.generics.split_for_impl();
    let Some(lifetime) = model.lifetime else {
        return quote! {
            #[automatically_derived]
            impl<'__header> #private::BorrowBaggage<'__header> for #ident {
                fn from_header_borrowed(
                    __baggage_header: &'__header str,
                ) -> ::core::result::Result<Self, #private::DecodeError> {
                    <Self as #private::Baggage>::from_header(__baggage_header)
                }
            }
        };
    };
    let body = if reads_in_one_pass(model) {
        one_pass_body(private, model, true)
    } else {
        quote!(<Self as #private::Baggage>::from_header(__baggage_header))
    };
    quote! {
        #[automatically_derived]
        impl #impl_generics #private::BorrowBaggage<#lifetime> for #ident #ty_generics #where_clause {
            fn from_header_borrowed(
                __baggage_header: &#lifetime str,
            ) -> ::core::result::Result<Self, #private::DecodeError> {
                #body
            }
        }
    }
}

/// The body of a reader of `header` in one pass, each member matched against the struct's keys
/// as it is scanned; with `borrowed`, fields that use the struct's lifetime borrow from it.
fn one_pass_body(private: &TokenStream, model: &Struct, borrowed: bool) -> TokenStream {
    let members: Vec<&Field> = model.members().collect();
    let values: Vec<syn::Ident> = (0..members.len())
        .map(|index| format_ident!("__value_{}", index))
        .collect();
    let errors: Vec<syn::Ident> = (0..members.len())
        .map(|index| format_ident!("__malformed_{}", index))
        .collect();
    let keys: Vec<&String> = members.iter().map(|field| &field.key).collect();
    // Members are matched on the key's length first, so most keys are rejected by one compare.
    let mut lengths: Vec<usize> = keys.iter().map(|key| key.len()).collect();
    lengths.sort_unstable();
    lengths.dedup();
    let grouped_keys: Vec<Vec<&String>> = lengths
        .iter()
        .map(|len| {
            keys.iter()
                .copied()
                .filter(|key| key.len() == *len)
                .collect()
        })
        .collect();
    let grouped_values: Vec<Vec<&syn::Ident>> = lengths
        .iter()
        .map(|len| {
            keys.iter()
                .zip(&values)
                .filter(|(key, _)| key.len() == *len)
                .map(|(_, value)| value)
                .collect()
        })
        .collect();
    let key_matcher = key_matcher(&keys);
    let reads = model.fields.iter().map(|field| {
        let ident = field.ident;
        let Some(index) = members
            .iter()
            .position(|member| member.ident == field.ident)
        else {
            let value = default_value(field.attrs.default.get());
            return quote!(#ident: #value);
        };
        let name = constant_name(field);
        let (value, error) = (&values[index], &errors[index]);
        let borrows = borrowed && field.borrows && field.attrs.with.get().is_none();
        // A type that cannot be read borrowed is reported on the field's type.
        let span = field.ty.span();
        let (read, read_or_else) = match borrows {
            true => ("read_borrowed", "read_borrowed_or_else"),
            false => ("read_scanned", "read_scanned_or_else"),
        };
        let (read, read_or_else) = (
            syn::Ident::new(read, span),
            syn::Ident::new(read_or_else, span),
        );
        match field.attrs.default.get() {
            None => {
                let read = quote_spanned!(span=> Self::#name.#read(#value, &mut #error, &__limit));
                quote!(#ident: #read?)
            }
            Some(default) => {
                let default = match default {
                    DefaultAttr::Path(path) => quote!(#path),
                    DefaultAttr::Trait => quote!(::core::default::Default::default),
                };
                let read = quote_spanned!(span=> Self::#name.#read_or_else(#value, &mut #error, &__limit, #default));
                quote!(#ident: #read?)
            }
        }
    });
    quote! {
            #(let mut #values: ::core::option::Option<#private::WireValue<'_>> =
                ::core::option::Option::None;)*
            #(let mut #errors: ::core::option::Option<#private::ParseError> =
                ::core::option::Option::None;)*
            let mut __limit: ::core::option::Option<#private::ParseError> =
                ::core::option::Option::None;
            #private::scan_headers(
                [__baggage_header],
                #private::Limits::DEFAULT,
                #key_matcher,
                #[inline(always)]
                |member: #private::ScannedMember<'_>| match member.key.len() {
                    #(#lengths => match member.key {
                        #(#grouped_keys => {
                            #grouped_values = ::core::option::Option::Some(member.into_wire());
                            true
                        })*
                        _ => false,
                    },)*
                    _ => false,
                },
                |error: #private::ParseError| match error.key() {
                    #(::core::option::Option::Some(#keys) => {
                        if #errors.is_none() {
                            #errors = ::core::option::Option::Some(error);
                        }
                    })*
                    _ => {
                        if __limit.is_none() && error.is_limit() {
                            __limit = ::core::option::Option::Some(error);
                        }
                    }
                },
            );
            ::core::result::Result::Ok(Self {
                #(#reads,)*
            })
    }
}

/// A closure giving the length of the struct's key that a member starts with, followed by `=`,
/// or 0, so that the scanner need not search for a known key's end. Keys are told apart byte by
/// byte where they differ (the first byte, or the first after a shared prefix such as `app.`)
/// until a few remain, which are compared whole with their `=`.
fn key_matcher(keys: &[&String]) -> TokenStream {
    let patterns: Vec<Vec<u8>> = keys
        .iter()
        .map(|key| format!("{key}=").into_bytes())
        .collect();
    let patterns: Vec<&[u8]> = patterns.iter().map(Vec::as_slice).collect();
    let dispatch = match_patterns(&patterns, 0);
    quote! {
        #[inline(always)]
        |member: &[u8]| -> usize {
            #dispatch
            0
        }
    }
}

/// Returns from the matcher with the key length of the pattern `member` starts with, if any;
/// every pattern agrees with the others on the bytes before `from`.
fn match_patterns(patterns: &[&[u8]], from: usize) -> TokenStream {
    // A few candidates are cheaper to compare whole than to tell apart further.
    const COMPARED_WHOLE: usize = 3;
    // Keys differ, and end with `=`, which no key holds: some byte before the shortest pattern's
    // end tells them apart.
    let longest = patterns
        .iter()
        .map(|pattern| pattern.len())
        .max()
        .unwrap_or(0);
    let split = (from..longest).find(|&at| {
        let first = patterns.first().and_then(|pattern| pattern.get(at));
        patterns.iter().any(|pattern| pattern.get(at) != first)
    });
    match split {
        Some(at) if patterns.len() > COMPARED_WHOLE => {
            let mut bytes: Vec<u8> = patterns.iter().filter_map(|p| p.get(at).copied()).collect();
            bytes.sort_unstable();
            bytes.dedup();
            let arms = bytes.iter().map(|byte| {
                let group: Vec<&[u8]> = patterns
                    .iter()
                    .copied()
                    .filter(|pattern| pattern.get(at) == Some(byte))
                    .collect();
                let inner = match_patterns(&group, at + 1);
                let byte = proc_macro2::Literal::u8_suffixed(*byte);
                quote!(::core::option::Option::Some(#byte) => { #inner })
            });
            quote! {
                match member.get(#at) {
                    #(#arms)*
                    _ => {}
                }
            }
        }
        _ => {
            let tests = patterns.iter().map(|pattern| {
                let literal = syn::LitByteStr::new(pattern, Span::call_site());
                let len = pattern.len() - 1;
                quote!(if member.starts_with(#literal) { return #len; })
            });
            quote!(#(#tests)*)
        }
    }
}

/// `USER_ID` for `user_id`.
pub fn constant_name(field: &Field) -> syn::Ident {
    let name = field.ident.to_string();
    let name = name.strip_prefix("r#").unwrap_or(&name).to_uppercase();
    format_ident!("{}", name, span = field.ident.span())
}

fn key_constant(private: &TokenStream, vis: &syn::Visibility, field: &Field) -> TokenStream {
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

fn default_value(default: Option<&DefaultAttr>) -> TokenStream {
    match default {
        Some(DefaultAttr::Path(path)) => quote!(#path()),
        _ => quote!(::core::default::Default::default()),
    }
}

fn field_read(private: &TokenStream, field: &Field) -> TokenStream {
    let ident = field.ident;
    let ty = field.ty;
    match field.kind {
        FieldKind::Skip => {
            let value = default_value(field.attrs.default.get());
            quote!(#ident: #value)
        }
        FieldKind::Flatten => {
            let read =
                quote_spanned!(ty.span()=> <#ty as #private::Baggage>::from_baggage(__baggage)?);
            quote!(#ident: #read)
        }
        FieldKind::Member => {
            let name = constant_name(field);
            match field.attrs.default.get() {
                None => quote!(#ident: Self::#name.get(__baggage)?),
                Some(DefaultAttr::Trait) => quote! {
                    #ident: Self::#name.get_or_else(__baggage, ::core::default::Default::default)?
                },
                Some(DefaultAttr::Path(path)) => {
                    quote!(#ident: Self::#name.get_or_else(__baggage, #path)?)
                }
            }
        }
    }
}

fn field_write(private: &TokenStream, field: &Field) -> Option<TokenStream> {
    let ident = field.ident;
    match field.kind {
        FieldKind::Skip => None,
        FieldKind::Flatten => {
            let ty = field.ty;
            let write = quote_spanned! {ty.span()=>
                <#ty as #private::Baggage>::encode_members(&self.#ident, __baggage_writer)?;
            };
            Some(write)
        }
        FieldKind::Member => {
            let name = constant_name(field);
            Some(quote!(Self::#name.write(__baggage_writer, &self.#ident)?;))
        }
    }
}

/// Bounds that make the compiler report an unsupported type on the field itself.
fn type_checks(private: &TokenStream, model: &Struct, field: &Field) -> Vec<TokenStream> {
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

fn schema(private: &TokenStream, model: &Struct) -> TokenStream {
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
        let (value_type, required, type_bound) = match field.attrs.with.get() {
            Some(_) => {
                let optional = crate::check::option_argument(ty).is_some();
                (
                    quote!(#rust_type),
                    quote!(!#has_default && !#optional),
                    quote!(::core::option::Option::None),
                )
            }
            None => {
                let ident = model.ident;
                let key = constant_name(field);
                (
                    quote!(#ident::#key.value_type()),
                    quote!(!#has_default && #ident::#key.is_required()),
                    quote!(#ident::#key.max_encoded_len()),
                )
            }
        };
        let doc = &field.doc;
        let ident = model.ident;
        let key_constant = constant_name(field);
        let internal = field.attrs.internal.is_set();
        let metric_label = field.attrs.metric_label.is_set();
        let traced = !field.attrs.skip_tracing.is_set();
        let allow_pii = option(field.attrs.allow_pii.get().map(syn::LitStr::value));
        quote! {
            #private::FieldSchema {
                key: #key,
                field: #field_name,
                rust_type: #rust_type,
                value_type: #value_type,
                required: #required,
                max_len: #max_len,
                max_encoded_len: #private::value_bound(#type_bound, #max_len),
                doc: #doc,
                internal: #internal,
                allow_pii: #allow_pii,
                accepts: |value| #ident::#key_constant.decode_value(value).is_ok(),
                metric_label: #metric_label,
                traced: #traced,
            }
        }
    });
    let flattened = model
        .fields
        .iter()
        .filter(|field| field.kind == FieldKind::Flatten)
        .map(|field| {
            let ty = field.ty;
            quote_spanned!(ty.span()=> <#ty as #private::Baggage>::SCHEMA)
        });
    quote! {
        #private::Schema {
            name: #name,
            doc: #doc,
            budget: #budget,
            fields: &[#(#fields),*],
            flattened: &[#(#flattened),*],
        }
    }
}

/// `tokens` with `lifetime` replaced by `'static`, for a type named outside the struct's impls.
fn with_static_lifetime(tokens: TokenStream, lifetime: &syn::Lifetime) -> TokenStream {
    let mut out = Vec::new();
    let mut after_quote = false;
    for token in tokens {
        let token = match token {
            TokenTree::Group(group) => {
                let mut replaced = Group::new(
                    group.delimiter(),
                    with_static_lifetime(group.stream(), lifetime),
                );
                replaced.set_span(group.span());
                TokenTree::Group(replaced)
            }
            TokenTree::Ident(ident) if after_quote && ident == lifetime.ident => {
                TokenTree::Ident(syn::Ident::new("static", ident.span()))
            }
            other => other,
        };
        after_quote = matches!(&token, TokenTree::Punct(punct) if punct.as_char() == '\'');
        out.push(token);
    }
    out.into_iter().collect()
}

/// `tokens` with every span set to `span`, so that an error in them points at the user's token.
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut token| {
            if let TokenTree::Group(group) = &token {
                let mut respanned = Group::new(group.delimiter(), respan(group.stream(), span));
                respanned.set_span(span);
                token = TokenTree::Group(respanned);
            } else {
                token.set_span(span);
            }
            token
        })
        .collect()
}

pub fn option<T: ToTokens>(value: Option<T>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys behind a shared prefix are told apart at the first byte where they differ, and a
    /// group of a few is compared whole.
    #[test]
    fn key_matcher_dispatches_past_a_shared_prefix() {
        let keys = [
            "app.user",
            "app.user_id",
            "app.region",
            "app.req",
            "app.rank",
            "app.ratio",
        ];
        let patterns: Vec<Vec<u8>> = keys.iter().map(|k| format!("{k}=").into_bytes()).collect();
        let patterns: Vec<&[u8]> = patterns.iter().map(Vec::as_slice).collect();
        let code = match_patterns(&patterns, 0).to_string();
        // Split at `u`/`r` after `app.`, then the four `r` keys at `e`/`a`; never at a byte of
        // the shared prefix.
        assert!(code.starts_with("match member . get (4usize)"), "{code}");
        assert!(code.contains("match member . get (5usize)"), "{code}");
        assert!(!code.contains("get (0usize)"), "{code}");
        for key in keys {
            assert!(code.contains(&format!("b\"{key}=\"")), "{key}: {code}");
        }
    }

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
