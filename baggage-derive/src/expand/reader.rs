//! The readers of a derived struct: `from_baggage`, `from_header` and `from_header_borrowed`,
//! each filling the struct's slots through the runtime crate and reading every field from its
//! slot.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::fields::{constant_name, default_value};
use crate::attr::DefaultAttr;
use crate::model::{Field, FieldKind, Struct};

/// `from_header` reading the header in one pass, each member matched against the struct's keys
/// as it is scanned. A struct with flattened fields, or a signed one, keeps the default, through
/// `from_baggage`, since both need the parsed baggage.
pub(super) fn one_pass_from_header(private: &TokenStream, model: &Struct) -> TokenStream {
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
pub(super) fn reads_in_one_pass(model: &Struct) -> bool {
    let flattens = model
        .fields
        .iter()
        .any(|field| field.kind == FieldKind::Flatten);
    !flattens && !model.attrs.signed.is_set()
}

/// `BorrowBaggage`: the one-pass reader borrowing the fields that use the struct's lifetime, or
/// `from_header` when there are none or the struct is not read in one pass.
pub(super) fn borrow_baggage(private: &TokenStream, model: &Struct) -> TokenStream {
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
pub(super) fn key_table(private: &TokenStream, model: &Struct) -> TokenStream {
    // The fields' own keys, one slot each in field order, then their aliases.
    let keys = model.members().map(|field| &field.key).chain(
        model
            .members()
            .flat_map(|field| field.aliases.iter().map(|(alias, _)| alias)),
    );
    quote! {
        static __BAGGAGE_KEYS: #private::KeyTable = #private::KeyTable::new(&[#(#keys),*]);
    }
}

/// The slots of a struct's reader: one per key, aliases included.
fn slot_count(model: &Struct) -> usize {
    model.members().map(|field| 1 + field.aliases.len()).sum()
}

/// The slot of each alias of the field at `index` among the struct's members.
fn alias_slots(model: &Struct, index: usize) -> std::ops::Range<usize> {
    let members = model.members().count();
    let before: usize = model
        .members()
        .take(index)
        .map(|field| field.aliases.len())
        .sum();
    let aliases = model
        .members()
        .nth(index)
        .map_or(0, |field| field.aliases.len());
    members + before..members + before + aliases
}

/// Where a reader finds the struct's members.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Source {
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
pub(super) fn reader_body(private: &TokenStream, model: &Struct, source: Source) -> TokenStream {
    let fill = fill_slots(private, model, source);
    // The owned readers of a struct read in one pass share one function of the fields.
    if source != Source::BorrowedHeader && reads_in_one_pass(model) {
        return quote! {
            #fill
            <Self as __BaggageRead>::__baggage_read(__values, &__dropped)
        };
    }
    let construct = read_fields(private, model, source);
    quote! {
        #fill
        #construct
    }
}

/// What both owned readers of a struct read in one pass end with: each field from its slot.
/// A method of a trait of the derive's `const` block, so that it adds no name to the struct and
/// `Self` (in a `default = "Self::…"` path) means the struct.
pub(super) fn shared_reader(private: &TokenStream, model: &Struct) -> TokenStream {
    if !reads_in_one_pass(model) {
        return TokenStream::new();
    }
    let ident = model.ident;
    let (impl_generics, ty_generics, where_clause) = model.generics.split_for_impl();
    let count = slot_count(model);
    let construct = read_fields(private, model, Source::Header);
    quote! {
        trait __BaggageRead: ::core::marker::Sized {
            fn __baggage_read<'__baggage_found>(
                __values: [::core::option::Option<#private::Found<'__baggage_found>>; #count],
                __dropped: &#private::Dropped,
            ) -> ::core::result::Result<Self, #private::DecodeError>;
        }

        #[automatically_derived]
        impl #impl_generics __BaggageRead for #ident #ty_generics #where_clause {
            fn __baggage_read<'__baggage_found>(
                __values: [::core::option::Option<#private::Found<'__baggage_found>>; #count],
                __dropped: &#private::Dropped,
            ) -> ::core::result::Result<Self, #private::DecodeError> {
                #construct
            }
        }
    }
}

/// The slots of the struct's keys filled from its source, as `__values` and `__dropped`.
fn fill_slots(private: &TokenStream, model: &Struct, source: Source) -> TokenStream {
    let count = slot_count(model);
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
    }
}

/// `Self` built from `__values` and `__dropped`, each field from its slot.
fn read_fields(private: &TokenStream, model: &Struct, source: Source) -> TokenStream {
    let members: Vec<&Field> = model.members().collect();
    let mut keys = Vec::new();
    let reads: Vec<TokenStream> = model.fields.iter().map(|field| {
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
        // The field's own key if it came, else its first alias that did (a malformed member
        // of the key is the field's error, not a reason to read an alias).
        let aliases: Vec<usize> = alias_slots(model, index).collect();
        let name_for_pick = constant_name(field);
        let value = if aliases.is_empty() {
            quote!(__values[#index])
        } else {
            quote!(#private::pick(&Self::#name_for_pick, __values[#index], &[#(__values[#aliases]),*], &__dropped)?)
        };
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
        // The key is named once on the field (an error about the constant itself is reported
        // there, once), and passed under the type's span, so that a type error underlines the
        // type and nothing else.
        let name = constant_name(field);
        let key = syn::Ident::new(&format!("__key_{index}"), Span::call_site());
        keys.push(quote!(let #key = &Self::#name;));
        let key = syn::Ident::new(&format!("__key_{index}"), span);
        match field.attrs.default.get() {
            None => {
                let read = quote_spanned!(span=> #private::#read(#key, #value, &__dropped));
                quote!(#ident: #read?)
            }
            Some(default) => {
                let default = match default {
                    DefaultAttr::Path(path) => quote!(|| #path()),
                    DefaultAttr::Trait => quote!(::core::default::Default::default),
                };
                let read = quote_spanned!(span=> #private::#read_or_else(#key, #value, &__dropped, #default));
                quote!(#ident: #read?)
            }
        }
    }).collect();
    quote! {
        #(#keys)*
        ::core::result::Result::Ok(Self {
            #(#reads,)*
        })
    }
}
