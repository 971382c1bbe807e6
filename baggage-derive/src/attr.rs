//! Parsing of `#[baggage(...)]` attributes into plain structs. Attribute names are constants here,
//! so that a typo cannot hide, and an unknown name is answered with the valid ones.

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, LitInt, LitStr, Path};

use crate::case::RenameRule;
use crate::ctxt::Ctxt;

pub const BAGGAGE: &str = "baggage";

pub const PREFIX: &str = "prefix";
pub const RENAME_ALL: &str = "rename_all";
pub const BUDGET: &str = "budget";
pub const CRATE: &str = "crate";
pub const SIGNED: &str = "signed";

pub const RENAME: &str = "rename";
pub const ALIAS: &str = "alias";
pub const DEFAULT: &str = "default";
pub const SKIP: &str = "skip";
pub const MAX_LEN: &str = "max_len";
pub const FLATTEN: &str = "flatten";
pub const WITH: &str = "with";
pub const ALLOW_PII: &str = "allow_pii";
pub const INTERNAL: &str = "internal";
pub const METRIC_LABEL: &str = "metric_label";
pub const SKIP_TRACING: &str = "skip_tracing";

/// The one value `metric_label = "…"` takes, to accept a type of unbounded cardinality.
pub const HIGH_CARDINALITY_OK: &str = "high_cardinality_ok";

pub const OTHER: &str = "other";

const STRUCT_ATTRIBUTES: &[&str] = &[PREFIX, RENAME_ALL, BUDGET, CRATE, SIGNED];
const FIELD_ATTRIBUTES: &[&str] = &[
    RENAME,
    ALIAS,
    DEFAULT,
    SKIP,
    MAX_LEN,
    FLATTEN,
    WITH,
    ALLOW_PII,
    INTERNAL,
    METRIC_LABEL,
    SKIP_TRACING,
];
const VALUE_ATTRIBUTES: &[&str] = &[RENAME_ALL, CRATE];
const VARIANT_ATTRIBUTES: &[&str] = &[RENAME, OTHER];

/// One attribute's value and where it was written; a second occurrence is an error.
pub struct Attr<T> {
    name: &'static str,
    value: Option<(Span, T)>,
}

impl<T> Attr<T> {
    fn none(name: &'static str) -> Self {
        Self { name, value: None }
    }

    fn set(&mut self, cx: &Ctxt, span: Span, value: T) {
        if self.value.is_some() {
            cx.error_at(span, format!("duplicate baggage attribute `{}`", self.name));
        } else {
            self.value = Some((span, value));
        }
    }

    pub fn get(&self) -> Option<&T> {
        self.value.as_ref().map(|(_, value)| value)
    }

    pub fn span(&self) -> Option<Span> {
        self.value.as_ref().map(|(span, _)| *span)
    }

    pub fn is_set(&self) -> bool {
        self.value.is_some()
    }
}

/// `#[baggage(...)]` on a struct deriving `Baggage`.
pub struct StructAttrs {
    pub prefix: Attr<LitStr>,
    pub rename_all: Attr<RenameRule>,
    pub budget: Attr<usize>,
    pub krate: Attr<Path>,
    pub signed: Attr<()>,
}

/// `#[baggage(...)]` on an enum or newtype deriving `BaggageValue`.
pub struct ValueAttrs {
    pub rename_all: Attr<RenameRule>,
    pub krate: Attr<Path>,
}

/// `#[baggage(default)]` or `#[baggage(default = "path")]`.
pub enum DefaultAttr {
    Trait,
    Path(Path),
}

/// `#[baggage(...)]` on a field.
pub struct FieldAttrs {
    pub rename: Attr<LitStr>,
    /// `alias = "old_key"`, any number of them: keys also read, never written.
    pub aliases: Vec<(Span, LitStr)>,
    pub default: Attr<DefaultAttr>,
    pub skip: Attr<()>,
    pub max_len: Attr<usize>,
    pub flatten: Attr<()>,
    pub with: Attr<Path>,
    pub allow_pii: Attr<LitStr>,
    pub internal: Attr<()>,
    /// `metric_label`, or `metric_label = "high_cardinality_ok"` (`true`).
    pub metric_label: Attr<bool>,
    pub skip_tracing: Attr<()>,
}

/// `#[baggage(...)]` on an enum variant.
pub struct VariantAttrs {
    pub rename: Attr<LitStr>,
    pub other: Attr<()>,
}

impl StructAttrs {
    pub fn parse(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut parsed = Self {
            prefix: Attr::none(PREFIX),
            rename_all: Attr::none(RENAME_ALL),
            budget: Attr::none(BUDGET),
            krate: Attr::none(CRATE),
            signed: Attr::none(SIGNED),
        };
        for_each_meta(cx, attrs, |meta| {
            let span = path_span(&meta);
            if meta.path.is_ident(PREFIX) {
                parsed.prefix.set(cx, span, meta.value()?.parse()?);
            } else if meta.path.is_ident(RENAME_ALL) {
                if let Some(rule) = parse_rename_rule(cx, &meta)? {
                    parsed.rename_all.set(cx, span, rule);
                }
            } else if meta.path.is_ident(BUDGET) {
                let budget: LitInt = meta.value()?.parse()?;
                let bytes: usize = budget.base10_parse()?;
                if bytes == 0 {
                    cx.error_spanned_by(&budget, "`budget` is in bytes and must be at least 1");
                }
                parsed.budget.set(cx, span, bytes);
            } else if meta.path.is_ident(CRATE) {
                parsed.krate.set(cx, span, parse_crate(&meta)?);
            } else if meta.path.is_ident(SIGNED) {
                parsed.signed.set(cx, span, ());
            } else {
                unknown(cx, &meta, "a struct deriving `Baggage`", STRUCT_ATTRIBUTES);
                skip_value(&meta)?;
            }
            Ok(())
        });
        parsed
    }
}

impl ValueAttrs {
    pub fn parse(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut parsed = Self {
            rename_all: Attr::none(RENAME_ALL),
            krate: Attr::none(CRATE),
        };
        for_each_meta(cx, attrs, |meta| {
            let span = path_span(&meta);
            if meta.path.is_ident(RENAME_ALL) {
                if let Some(rule) = parse_rename_rule(cx, &meta)? {
                    parsed.rename_all.set(cx, span, rule);
                }
            } else if meta.path.is_ident(CRATE) {
                parsed.krate.set(cx, span, parse_crate(&meta)?);
            } else {
                unknown(
                    cx,
                    &meta,
                    "a type deriving `BaggageValue`",
                    VALUE_ATTRIBUTES,
                );
                skip_value(&meta)?;
            }
            Ok(())
        });
        parsed
    }
}

impl FieldAttrs {
    pub fn parse(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut parsed = Self {
            rename: Attr::none(RENAME),
            aliases: Vec::new(),
            default: Attr::none(DEFAULT),
            skip: Attr::none(SKIP),
            max_len: Attr::none(MAX_LEN),
            flatten: Attr::none(FLATTEN),
            with: Attr::none(WITH),
            allow_pii: Attr::none(ALLOW_PII),
            internal: Attr::none(INTERNAL),
            metric_label: Attr::none(METRIC_LABEL),
            skip_tracing: Attr::none(SKIP_TRACING),
        };
        for_each_meta(cx, attrs, |meta| {
            let span = path_span(&meta);
            if meta.path.is_ident(RENAME) {
                parsed.rename.set(cx, span, meta.value()?.parse()?);
            } else if meta.path.is_ident(ALIAS) {
                parsed.aliases.push((span, meta.value()?.parse()?));
            } else if meta.path.is_ident(DEFAULT) {
                let default = if meta.input.peek(syn::Token![=]) {
                    let path: LitStr = meta.value()?.parse()?;
                    DefaultAttr::Path(path.parse()?)
                } else {
                    DefaultAttr::Trait
                };
                parsed.default.set(cx, span, default);
            } else if meta.path.is_ident(SKIP) {
                parsed.skip.set(cx, span, ());
            } else if meta.path.is_ident(MAX_LEN) {
                let max_len: LitInt = meta.value()?.parse()?;
                let bytes: usize = max_len.base10_parse()?;
                if bytes == 0 {
                    cx.error_spanned_by(&max_len, "`max_len` is in bytes and must be at least 1");
                }
                parsed.max_len.set(cx, span, bytes);
            } else if meta.path.is_ident(FLATTEN) {
                parsed.flatten.set(cx, span, ());
            } else if meta.path.is_ident(WITH) {
                let module: LitStr = meta.value()?.parse()?;
                parsed.with.set(cx, span, module.parse()?);
            } else if meta.path.is_ident(ALLOW_PII) {
                if !meta.input.peek(syn::Token![=]) {
                    cx.error_at(
                        span,
                        "`allow_pii` needs a reason: #[baggage(allow_pii = \"why this key may travel\")]",
                    );
                    return Ok(());
                }
                let reason: LitStr = meta.value()?.parse()?;
                if reason.value().trim().is_empty() {
                    cx.error_spanned_by(
                        &reason,
                        "the reason given with `allow_pii` is empty: say why this key may travel in baggage, \
                         which every downstream service and log can read",
                    );
                }
                parsed.allow_pii.set(cx, span, reason);
            } else if meta.path.is_ident(INTERNAL) {
                parsed.internal.set(cx, span, ());
            } else if meta.path.is_ident(METRIC_LABEL) {
                let high_cardinality_ok = if meta.input.peek(syn::Token![=]) {
                    let value: LitStr = meta.value()?.parse()?;
                    if value.value() != HIGH_CARDINALITY_OK {
                        cx.error_spanned_by(
                            &value,
                            format!(
                                "`metric_label` takes no value, or \"{HIGH_CARDINALITY_OK}\" to accept a type of unbounded cardinality"
                            ),
                        );
                    }
                    true
                } else {
                    false
                };
                parsed.metric_label.set(cx, span, high_cardinality_ok);
            } else if meta.path.is_ident(SKIP_TRACING) {
                parsed.skip_tracing.set(cx, span, ());
            } else {
                unknown(cx, &meta, "a field", FIELD_ATTRIBUTES);
                skip_value(&meta)?;
            }
            Ok(())
        });
        parsed
    }
}

impl VariantAttrs {
    pub fn parse(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut parsed = Self {
            rename: Attr::none(RENAME),
            other: Attr::none(OTHER),
        };
        for_each_meta(cx, attrs, |meta| {
            let span = path_span(&meta);
            if meta.path.is_ident(RENAME) {
                parsed.rename.set(cx, span, meta.value()?.parse()?);
            } else if meta.path.is_ident(OTHER) {
                parsed.other.set(cx, span, ());
            } else {
                unknown(cx, &meta, "an enum variant", VARIANT_ATTRIBUTES);
                skip_value(&meta)?;
            }
            Ok(())
        });
        parsed
    }
}

/// The doc comment of an item, lines trimmed and joined with spaces.
pub fn doc_comment(attrs: &[Attribute]) -> String {
    let mut lines = Vec::new();
    for attr in attrs {
        if !attr.path().is_ident("doc") {
            continue;
        }
        if let syn::Meta::NameValue(name_value) = &attr.meta {
            if let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(text),
                ..
            }) = &name_value.value
            {
                lines.push(text.value().trim().to_owned());
            }
        }
    }
    lines
        .into_iter()
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn for_each_meta(
    cx: &Ctxt,
    attrs: &[Attribute],
    mut each: impl FnMut(ParseNestedMeta) -> syn::Result<()>,
) {
    for attr in attrs {
        if !attr.path().is_ident(BAGGAGE) {
            continue;
        }
        if let syn::Meta::Path(_) = attr.meta {
            cx.error_spanned_by(
                attr,
                "expected `#[baggage(...)]` with at least one attribute",
            );
            continue;
        }
        if let Err(error) = attr.parse_nested_meta(&mut each) {
            cx.push(error);
        }
    }
}

fn path_span(meta: &ParseNestedMeta) -> Span {
    meta.path.get_ident().map_or_else(
        || syn::spanned::Spanned::span(&meta.path),
        |ident| ident.span(),
    )
}

/// `crate = "path"`: the path generated code names the runtime crate by.
fn parse_crate(meta: &ParseNestedMeta) -> syn::Result<syn::Path> {
    let path: LitStr = meta.value()?.parse()?;
    path.parse()
}

fn parse_rename_rule(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<RenameRule>> {
    let name: LitStr = meta.value()?.parse()?;
    match RenameRule::from_name(&name.value()) {
        Some(rule) => Ok(Some(rule)),
        None => {
            cx.error_spanned_by(
                &name,
                format!(
                    "unknown `rename_all` rule {:?}; expected one of {}",
                    name.value(),
                    RenameRule::names()
                ),
            );
            Ok(None)
        }
    }
}

/// Reports an unknown attribute name, suggesting the closest valid one.
fn unknown(cx: &Ctxt, meta: &ParseNestedMeta, position: &str, valid: &[&str]) {
    let name = meta
        .path
        .get_ident()
        .map_or_else(|| "?".to_owned(), ToString::to_string);
    let mut message = format!("unknown baggage attribute `{name}` on {position}");
    let places = [
        (STRUCT_ATTRIBUTES, "a struct deriving `Baggage`"),
        (FIELD_ATTRIBUTES, "a field"),
        (VALUE_ATTRIBUTES, "a type deriving `BaggageValue`"),
        (VARIANT_ATTRIBUTES, "an enum variant"),
    ];
    let belongs = places
        .iter()
        .find(|(names, _)| names.contains(&name.as_str()))
        .map(|(_, place)| *place);
    if let Some(place) = belongs {
        message.push_str(&format!("; `{name}` belongs on {place}"));
    } else if let Some(suggestion) = closest(&name, valid) {
        message.push_str(&format!("; did you mean `{suggestion}`?"));
    }
    message.push_str(&format!(
        "\nvalid here: {}",
        valid
            .iter()
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    cx.error_at(path_span(meta), message);
}

/// Consumes `= value` or `(...)` after an unknown name, so that parsing goes on to the next one.
fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in meta.input);
        content.parse::<proc_macro2::TokenStream>()?;
    }
    Ok(())
}

fn closest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|candidate| (edit_distance(name, candidate), *candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 3))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            let insertion = current[j] + 1;
            let deletion = previous[j + 1] + 1;
            current.push(substitution.min(insertion).min(deletion));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_attribute() {
        assert_eq!(closest("renam", FIELD_ATTRIBUTES), Some("rename"));
        assert_eq!(closest("maxlen", FIELD_ATTRIBUTES), Some("max_len"));
        assert_eq!(closest("allow_pi", FIELD_ATTRIBUTES), Some("allow_pii"));
        assert_eq!(closest("serialize", FIELD_ATTRIBUTES), None);
    }
}
