//! Which fields of an entity hold a person's data, and whether the entity is a person's
//! record: the classifier's judgement with the entity as owner, shared by the repository
//! rules and the map.

use super::{strip_affixes, words, IndexedEntity};
use crate::facts::{DataTypeRef, Entity, Field, Place};

/// A field of an entity that holds personal data, as the classifier judges it with the
/// entity as owner (`User.name` is a name, `Product.name` is not).
pub struct PersonalField<'a> {
    pub file: usize,
    pub field: &'a Field,
    pub data_type: &'a crate::classify::DataTypeDef,
    /// Personal by what is written into it, not by its name: where, and why ("`req.headers`
    /// holds the client's cookies…").
    pub filled_from: Option<(Place, &'a str)>,
}

impl PersonalField<'_> {
    pub fn place(&self) -> Place {
        Place {
            file: self.file,
            span: self.field.span,
        }
    }

    pub fn special_article(&self) -> Option<&'static str> {
        self.data_type.special_article()
    }

    pub fn is_card_security_data(&self) -> bool {
        self.data_type.tags.iter().any(|t| t == "PCI-SAD")
    }
}

/// Data that identifies no one by itself or is not a person's (internal ids, coarse
/// location, credentials an auth system must keep): not what these rules are about.
const NOT_PERSONAL: &[&str] = &["identity.user_id", "loc.coarse", "demographic.other"];

/// Entities that stand for an organisation or a place, whose contact details are not a
/// person's: `Company`, `Venue`, `Affiliation`, `Room`.
fn is_organisation(name: &str) -> bool {
    const ORGS: &[&str] = &[
        "company",
        "companies",
        "organization",
        "organisation",
        "org",
        "business",
        "affiliation",
        "institution",
        "venue",
        "room",
        "building",
        "department",
        "vendor",
        "supplier",
        "merchant",
        "facility",
        "campus",
        "store",
        "warehouse",
        "office",
        "branch",
        "site",
        "tenant",
        "shop",
        "hotel",
        "restaurant",
        "school",
        "location",
        "agency",
    ];
    let lower = name.to_ascii_lowercase();
    // `RoomUpdateArgsSchema`: a schema about a room names the room first.
    let first = words(name).into_iter().next().unwrap_or_default();
    ORGS.iter().any(|o| lower.ends_with(o) || first == *o)
}

/// A record about a person, whose rows elsewhere (notes, logs, requests) are about that
/// person too: several kinds of personal data (a name and an email), or a name that says
/// so (`User`, `Patient`). A survey with a notification address is no person. `personal`:
/// the entity's [`personal_fields`], inherited ones included.
pub fn is_person_record(e: &IndexedEntity, personal: &[PersonalField]) -> bool {
    const PEOPLE: &[&str] = &[
        "user",
        "person",
        "people",
        "member",
        "customer",
        "patient",
        "employee",
        "account",
        "contact",
        "profile",
        "attendee",
        "student",
        "client",
        "subscriber",
        "applicant",
        "candidate",
        "participant",
        "guest",
        "visitor",
        "donor",
        "volunteer",
        "speaker",
        "author",
        "staff",
        "lead",
        "buyer",
        "tenant",
        "resident",
        "citizen",
    ];
    let name = strip_affixes(&e.entity.name);
    let last = words(name).pop().unwrap_or_default();
    let last = last.strip_suffix('s').unwrap_or(&last);
    if PEOPLE.contains(&last) {
        return true;
    }
    let mut kinds: Vec<&str> = personal.iter().map(|p| p.data_type.id.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    kinds.len() >= 2
}

/// What a field of an entity holds: its name read with the entity as owner (`User.name` is a
/// name, `Product.name` is not), and a field type that names the data (`EmailField`,
/// `GenericIPAddressField`) saying what an ambiguous name (`address`) holds.
pub fn classify_field(
    c: &crate::classify::Classifier,
    e: &Entity,
    field: &Field,
) -> Option<crate::classify::Match> {
    use crate::classify::Confidence;
    let declared = field.declared_type.as_deref();
    // A unique `name` column names an account or a thing (`accounts.name UNIQUE`): two
    // people may share a name.
    if field.name.eq_ignore_ascii_case("name") && declared.is_some_and(|d| d.ends_with("UNIQUE")) {
        return None;
    }
    let owner = e.table.as_deref().unwrap_or(&e.name);
    let m = c
        .classify(&field.name, Some(strip_affixes(&e.name)), declared)
        .or_else(|| c.classify(&field.name, Some(owner), declared))?;
    Some(
        declared
            .map(|d| d.rsplit(['.', ':']).next().unwrap_or(d))
            .and_then(|d| d.strip_suffix("Field"))
            .and_then(|core| c.classify(core, None, None))
            .filter(|t| t.confidence == Confidence::High)
            .unwrap_or(m),
    )
}

pub fn personal_fields<'a>(
    c: &'a crate::classify::Classifier,
    e: &IndexedEntity<'a>,
    own_only: bool,
) -> Vec<PersonalField<'a>> {
    use crate::classify::Confidence;
    // An organisation's address or phone number is a business's, not a person's.
    let business = is_organisation(strip_affixes(&e.entity.name));
    e.fields
        .iter()
        .take(if own_only { e.own_fields } else { usize::MAX })
        .filter_map(|(file, field)| {
            let m = classify_field(c, e.entity, field)?;
            let data_type = c.data_type(&m);
            let contact = data_type.id.starts_with("contact.") || data_type.id == "identity.name";
            let excluded = m.confidence < Confidence::Medium
                || (business && contact)
                || NOT_PERSONAL.contains(&data_type.id.as_str())
                || data_type.id.starts_with("cred.");
            (!excluded).then_some(PersonalField {
                file: *file,
                field,
                data_type,
                filled_from: None,
            })
        })
        .collect()
}

pub fn data_type_ref(t: &crate::classify::DataTypeDef) -> DataTypeRef {
    DataTypeRef {
        id: t.id.clone(),
        fides: t.fides.clone(),
        name: t.name.clone(),
        sensitivity: t.sensitivity,
    }
}
