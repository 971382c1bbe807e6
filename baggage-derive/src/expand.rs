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
    let body = reader_body(private, model, Source::Header);
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
        reader_body(private, model, Source::BorrowedHeader)
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

/// The table of the keys the one-pass reader looks for, in the order of the slots it fills.
fn key_table(private: &TokenStream, model: &Struct) -> TokenStream {
    let keys = model.members().map(|field| &field.key);
    quote! {
        static __BAGGAGE_KEYS: #private::KeyTable = #private::KeyTable::new(&[#(#keys),*]);
    }
}

/// Where a reader finds the struct's members.
#[derive(Clone, Copy, PartialEq)]
enum Source {
    /// Parsed baggage (`from_baggage`).
    Baggage,
    /// The header, in one pass (`from_header`).
    Header,
    /// The header, in one pass, fields that use the struct's lifetime borrowing from it.
    BorrowedHeader,
}

/// The body of a reader: the runtime crate puts the value of each of the struct's keys in its
/// slot, from parsed baggage or from the header in one pass, then each field reads its slot;
/// flattened structs read the baggage themselves, skipped fields take their default.
fn reader_body(private: &TokenStream, model: &Struct, source: Source) -> TokenStream {
    let members: Vec<&Field> = model.members().collect();
    let count = members.len();
    let values: Vec<syn::Ident> = (0..count)
        .map(|index| format_ident!("__value_{}", index))
        .collect();
    let reads = model.fields.iter().map(|field| {
        let ident = field.ident;
        if field.kind == FieldKind::Flatten {
            let ty = field.ty;
            let read =
                quote_spanned!(ty.span()=> <#ty as #private::Baggage>::from_baggage(__baggage)?);
            return quote!(#ident: #read);
        }
        let Some(index) = members
            .iter()
            .position(|member| member.ident == field.ident)
        else {
            let value = default_value(field.attrs.default.get());
            return quote!(#ident: #value);
        };
        let name = constant_name(field);
        let value = &values[index];
        let borrows =
            source == Source::BorrowedHeader && field.borrows && field.attrs.with.get().is_none();
        // A type that cannot be read borrowed is reported on the field's type.
        let span = field.ty.span();
        let (read, read_or_else) = match borrows {
            true => ("read_borrowed", "read_borrowed_or_else"),
            false => ("read", "read_or_else"),
        };
        let (read, read_or_else) = (
            syn::Ident::new(read, span),
            syn::Ident::new(read_or_else, span),
        );
        match field.attrs.default.get() {
            None => {
                let read = quote_spanned!(span=> #private::#read(&Self::#name, #value, &__dropped));
                quote!(#ident: #read?)
            }
            Some(default) => {
                let default = match default {
                    DefaultAttr::Path(path) => quote!(#path),
                    DefaultAttr::Trait => quote!(::core::default::Default::default),
                };
                let read = quote_spanned!(span=> #private::#read_or_else(&Self::#name, #value, &__dropped, #default));
                quote!(#ident: #read?)
            }
        }
    });
    let fill = match source {
        Source::Baggage => {
            quote!(#private::collect_members(__baggage, &__BAGGAGE_KEYS, &mut __values))
        }
        Source::Header | Source::BorrowedHeader => {
            quote!(#private::read_members(__baggage_header, &__BAGGAGE_KEYS, &mut __values))
        }
    };
    quote! {
        let mut __values: [::core::option::Option<#private::Found<'_>>; #count] =
            [::core::option::Option::None; #count];
        let __dropped = #fill;
        let [#(#values),*] = __values;
        ::core::result::Result::Ok(Self {
            #(#reads,)*
        })
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

fn field_write(private: &TokenStream, field: &Field) -> Option<TokenStream> {
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
                required: #required,
                max_len: #max_len,
                max_encoded_len: #private::value_bound(#type_bound, #max_len),
                doc: #doc,
                internal: #internal,
                allow_pii: #allow_pii,
                accepts: #accepts,
                metric_label: #metric_label,
                traced: #traced,
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
