//! The model of a deriving item: its shape checked, its attributes parsed, each field's key
//! computed. Checks across fields live in `check.rs`; code generation in `expand/`.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::spanned::Spanned;
use syn::{
    Data, DeriveInput, Fields, GenericParam, Generics, Ident, Lifetime, LitStr, Path, Type,
    Visibility,
};

use crate::attr::{doc_comment, FieldAttrs, StructAttrs, ValueAttrs, VariantAttrs};
use crate::case::RenameRule;
use crate::ctxt::Ctxt;

pub const DEFAULT_BUDGET: usize = 1024;

/// A struct deriving `Baggage`.
pub struct Struct<'a> {
    pub ident: &'a Ident,
    pub generics: &'a Generics,
    /// The struct's one lifetime, the header's: fields whose type uses it borrow from the header.
    pub lifetime: Option<&'a Lifetime>,
    pub vis: &'a Visibility,
    pub doc: String,
    pub attrs: StructAttrs,
    pub krate: Path,
    pub budget: usize,
    pub fields: Vec<Field<'a>>,
}

/// What a field of a `Baggage` struct is on the wire.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// One member.
    Member,
    /// No member: `#[baggage(skip)]`.
    Skip,
    /// The members of a nested `Baggage` struct: `#[baggage(flatten)]`.
    Flatten,
}

pub struct Field<'a> {
    pub ident: &'a Ident,
    pub ty: &'a Type,
    pub doc: String,
    pub attrs: FieldAttrs,
    pub kind: FieldKind,
    /// The key on the wire, prefix included.
    pub key: String,
    /// Where the key's name comes from: the `rename` literal, or the field's name.
    pub key_span: Span,
    /// The `alias` keys, exactly as written (no prefix, no `rename_all`: each names a key that
    /// is on the wire today), with their literals' spans.
    pub aliases: Vec<(String, Span)>,
    /// Whether the type uses the struct's lifetime, so that the field is read borrowed.
    pub borrows: bool,
}

impl<'a> Struct<'a> {
    pub fn from_input(cx: &Ctxt, input: &'a DeriveInput) -> Option<Self> {
        let named = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => named,
                Fields::Unnamed(fields) => {
                    cx.error_spanned_by(
                        fields,
                        "#[derive(Baggage)] needs named fields, whose names become the keys; \
                         a tuple struct has none (for a newtype value, use #[derive(BaggageValue)])",
                    );
                    return None;
                }
                Fields::Unit => {
                    cx.error_spanned_by(
                        &input.ident,
                        "#[derive(Baggage)] needs a struct with named fields; a unit struct carries no baggage",
                    );
                    return None;
                }
            },
            Data::Enum(data) => {
                cx.error_at(
                    data.enum_token.span,
                    "#[derive(Baggage)] is for structs whose fields are baggage members; \
                     for an enum that is one value, use #[derive(BaggageValue)]",
                );
                return None;
            }
            Data::Union(data) => {
                cx.error_at(
                    data.union_token.span,
                    "#[derive(Baggage)] cannot be used on a union; use a struct with named fields",
                );
                return None;
            }
        };
        let lifetime = header_lifetime(cx, input);
        let attrs = StructAttrs::parse(cx, &input.attrs);
        let rename_all = attrs.rename_all.get().copied();
        let prefix = attrs.prefix.get().map(LitStr::value).unwrap_or_default();
        let fields = named
            .named
            .iter()
            .filter_map(|field| {
                let ident = field.ident.as_ref()?;
                let field_attrs = FieldAttrs::parse(cx, &field.attrs);
                let kind = if field_attrs.skip.is_set() {
                    FieldKind::Skip
                } else if field_attrs.flatten.is_set() {
                    FieldKind::Flatten
                } else {
                    FieldKind::Member
                };
                let (name, key_span) = match field_attrs.rename.get() {
                    Some(rename) => (rename.value(), rename.span()),
                    None => {
                        let name = ident.unraw().to_string();
                        let name = rename_all
                            .map_or_else(|| name.clone(), |rule| rule.apply_to_field(&name));
                        (name, ident.span())
                    }
                };
                let borrows = lifetime.is_some_and(|lifetime| uses_lifetime(&field.ty, lifetime));
                let aliases = field_attrs
                    .aliases
                    .iter()
                    .map(|(_, alias)| (alias.value(), alias.span()))
                    .collect();
                Some(Field {
                    ident,
                    borrows,
                    ty: &field.ty,
                    doc: doc_comment(&field.attrs),
                    attrs: field_attrs,
                    kind,
                    key: format!("{prefix}{name}"),
                    key_span,
                    aliases,
                })
            })
            .collect();
        let krate = attrs
            .krate
            .get()
            .cloned()
            .unwrap_or_else(|| syn::parse_quote!(::baggage));
        let budget = attrs.budget.get().copied().unwrap_or(DEFAULT_BUDGET);
        Some(Self {
            ident: &input.ident,
            generics: &input.generics,
            lifetime,
            vis: &input.vis,
            doc: doc_comment(&input.attrs),
            attrs,
            krate,
            budget,
            fields,
        })
    }

    /// The fields that are one member each.
    pub fn members(&self) -> impl Iterator<Item = &Field<'a>> {
        self.fields
            .iter()
            .filter(|field| field.kind == FieldKind::Member)
    }
}

/// A type deriving `BaggageValue`.
pub struct Value<'a> {
    pub ident: &'a Ident,
    pub krate: Path,
    pub shape: ValueShape<'a>,
}

pub enum ValueShape<'a> {
    /// An enum of unit variants, each one string, with at most one catch-all.
    Enum(Vec<Variant<'a>>),
    /// A newtype around another `BaggageValue`.
    Newtype(&'a Type),
}

pub struct Variant<'a> {
    pub ident: &'a Ident,
    /// The value on the wire.
    pub name: String,
    pub name_span: Span,
    pub attrs: VariantAttrs,
    /// The type held by a `#[baggage(other)] Other(String)` catch-all.
    pub holds: Option<&'a Type>,
}

impl Variant<'_> {
    pub fn is_other(&self) -> bool {
        self.attrs.other.is_set()
    }
}

impl<'a> Value<'a> {
    pub fn from_input(cx: &Ctxt, input: &'a DeriveInput) -> Option<Self> {
        let attrs = ValueAttrs::parse(cx, &input.attrs);
        reject_generics(cx, input, "BaggageValue");
        let krate = attrs
            .krate
            .get()
            .cloned()
            .unwrap_or_else(|| syn::parse_quote!(::baggage));
        let shape = match &input.data {
            Data::Enum(data) => {
                let rule = attrs
                    .rename_all
                    .get()
                    .copied()
                    .unwrap_or(RenameRule::SnakeCase);
                let variants = data
                    .variants
                    .iter()
                    .map(|variant| {
                        let variant_attrs = VariantAttrs::parse(cx, &variant.attrs);
                        let holds = match &variant.fields {
                            Fields::Unit => None,
                            Fields::Unnamed(fields)
                                if fields.unnamed.len() == 1 && variant_attrs.other.is_set() =>
                            {
                                fields.unnamed.first().map(|field| &field.ty)
                            }
                            fields => {
                                let message = if variant_attrs.other.is_set() {
                                    "the `other` catch-all is a unit variant or holds one value, as in `Other(String)`"
                                        .to_owned()
                                } else {
                                    format!(
                                        "#[derive(BaggageValue)] needs unit variants, each one string value; `{}` carries data \
                                         (only a `#[baggage(other)]` catch-all may hold the unknown value, as in `Other(String)`)",
                                        variant.ident
                                    )
                                };
                                cx.error_spanned_by(fields, message);
                                None
                            }
                        };
                        let (name, name_span) = match variant_attrs.rename.get() {
                            Some(rename) => (rename.value(), rename.span()),
                            None => (
                                rule.apply_to_variant(&variant.ident.unraw().to_string()),
                                variant.ident.span(),
                            ),
                        };
                        Variant {
                            ident: &variant.ident,
                            name,
                            name_span,
                            attrs: variant_attrs,
                            holds,
                        }
                    })
                    .collect::<Vec<_>>();
                if variants.is_empty() {
                    cx.error_spanned_by(
                        &input.ident,
                        "#[derive(BaggageValue)] needs at least one variant: an empty enum has no value to send",
                    );
                }
                ValueShape::Enum(variants)
            }
            Data::Struct(data) => match &data.fields {
                Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
                    ValueShape::Newtype(&fields.unnamed.first()?.ty)
                }
                Fields::Named(fields) if fields.named.len() == 1 => {
                    ValueShape::Newtype(&fields.named.first()?.ty)
                }
                _ => {
                    cx.error_spanned_by(
                        &input.ident,
                        "#[derive(BaggageValue)] on a struct needs exactly one field (a newtype such as `struct UserId(u64);`); \
                         for a struct whose fields are baggage members, use #[derive(Baggage)]",
                    );
                    return None;
                }
            },
            Data::Union(data) => {
                cx.error_at(
                    data.union_token.span,
                    "#[derive(BaggageValue)] cannot be used on a union",
                );
                return None;
            }
        };
        Some(Self {
            ident: &input.ident,
            krate,
            shape,
        })
    }

    /// The name of the single field of a named newtype, `None` for a tuple newtype.
    pub fn newtype_field(input: &DeriveInput) -> Option<&Ident> {
        match &input.data {
            Data::Struct(data) => data.fields.iter().next()?.ident.as_ref(),
            _ => None,
        }
    }
}

/// The struct's lifetime parameter, if any; type and const parameters, and a second lifetime,
/// are errors.
fn header_lifetime<'a>(cx: &Ctxt, input: &'a DeriveInput) -> Option<&'a Lifetime> {
    let mut lifetimes = input.generics.lifetimes().map(|param| &param.lifetime);
    let first = lifetimes.next();
    if let Some(second) = lifetimes.next() {
        cx.error_at(
            second.span(),
            "#[derive(Baggage)] takes at most one lifetime: the header's, which fields such as \
             `Cow<'h, str>` borrow from; use it for every borrowed field",
        );
    }
    let mut others = input
        .generics
        .params
        .iter()
        .filter(|param| !matches!(param, GenericParam::Lifetime(_)));
    if let Some(param) = others.next() {
        cx.error_at(
            param.span(),
            "#[derive(Baggage)] does not support type or const parameters: the keys, types and \
             sizes of baggage are fixed at compile time; use concrete types (a lifetime, for \
             fields that borrow from the header, is supported)",
        );
    }
    first
}

/// Whether `lifetime` appears anywhere in `ty`.
fn uses_lifetime(ty: &Type, lifetime: &Lifetime) -> bool {
    fn search(tokens: TokenStream, name: &Ident) -> bool {
        let mut after_quote = false;
        for token in tokens {
            match token {
                TokenTree::Group(group) if search(group.stream(), name) => return true,
                TokenTree::Punct(punct) if punct.as_char() == '\'' => {
                    after_quote = true;
                    continue;
                }
                TokenTree::Ident(ident) if after_quote && ident == *name => return true,
                _ => {}
            }
            after_quote = false;
        }
        false
    }
    search(ty.to_token_stream(), &lifetime.ident)
}

fn reject_generics(cx: &Ctxt, input: &DeriveInput, derive: &str) {
    if let Some(param) = input.generics.params.first() {
        cx.error_at(
            param.span(),
            format!(
                "#[derive({derive})] does not support generic parameters: the keys, types and sizes \
                 of baggage are fixed at compile time; use concrete types"
            ),
        );
    }
}

trait Unraw {
    fn unraw(&self) -> Ident;
}

impl Unraw for Ident {
    fn unraw(&self) -> Ident {
        let name = self.to_string();
        match name.strip_prefix("r#") {
            Some(bare) => Ident::new(bare, self.span()),
            None => self.clone(),
        }
    }
}
