//! A group form's fields, in their order.

use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::db::ids::{FieldId, GroupId};
use crate::db::schema::form_fields;
use crate::db::states::{FieldKind, GroupForm};

impl FieldKind {
    pub fn label(self) -> &'static str {
        match self {
            FieldKind::ShortText => "Short text",
            FieldKind::LongText => "Long text",
            FieldKind::Email => "Email",
            FieldKind::Phone => "Phone",
            FieldKind::Url => "URL",
            FieldKind::Choice => "Choice",
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = form_fields)]
pub struct Field {
    pub id: FieldId,
    pub label: String,
    pub kind: FieldKind,
    pub choices: String,
    pub required: bool,
}

impl Field {
    pub fn input_name(&self) -> String {
        format!("field_{}", self.id)
    }

    pub fn choice_list(&self) -> Vec<&str> {
        self.choices.lines().map(str::trim).filter(|c| !c.is_empty()).collect()
    }

    pub fn kind_label(&self) -> &'static str {
        self.kind.label()
    }

    pub fn is_long_text(&self) -> bool {
        self.kind == FieldKind::LongText
    }

    /// The `type` of the field's `<input>` (long text and choices have their own elements).
    pub fn input_type(&self) -> &'static str {
        match self.kind {
            FieldKind::Email => "email",
            FieldKind::Phone => "tel",
            FieldKind::Url => "url",
            _ => "text",
        }
    }

    pub fn is_choice(&self) -> bool {
        self.kind == FieldKind::Choice
    }
}

/// One answer, with the question as it was asked: editing the form later
/// leaves what was answered readable.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Answer {
    pub question: String,
    pub answer: String,
}

#[diesel::dsl::auto_type]
fn of_form(group: GroupId, form: GroupForm) -> _ {
    form_fields::table.filter(form_fields::group_id.eq(group)).filter(form_fields::form.eq(form))
}

pub fn fields(conn: &mut PgConnection, group: GroupId, form: GroupForm) -> QueryResult<Vec<Field>> {
    of_form(group, form)
        .order((form_fields::position.asc(), form_fields::id.asc()))
        .select(Field::as_select())
        .load(conn)
}

pub struct NewField<'a> {
    pub label: &'a str,
    pub kind: FieldKind,
    pub choices: &'a str,
    pub required: bool,
}

/// Adds a field at the end of the form.
pub fn add(conn: &mut PgConnection, group: GroupId, form: GroupForm, field: &NewField) -> QueryResult<()> {
    lock_form(conn, group, form)?;
    let last: Option<i32> = of_form(group, form).select(diesel::dsl::max(form_fields::position)).first(conn)?;
    diesel::insert_into(form_fields::table)
        .values((
            form_fields::group_id.eq(group),
            form_fields::form.eq(form),
            form_fields::label.eq(field.label),
            form_fields::kind.eq(field.kind),
            form_fields::choices.eq(field.choices),
            form_fields::required.eq(field.required),
            form_fields::position.eq(last.map_or(0, |p| p + 1)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Removes a field of this group's form; false when there is none (another
/// group's or form's id changes nothing).
pub fn remove(conn: &mut PgConnection, group: GroupId, form: GroupForm, field: FieldId) -> QueryResult<bool> {
    Ok(diesel::delete(of_form(group, form).filter(form_fields::id.eq(field))).execute(conn)? == 1)
}

/// Every field of the form goes.
pub fn clear(conn: &mut PgConnection, group: GroupId, form: GroupForm) -> QueryResult<()> {
    diesel::delete(of_form(group, form)).execute(conn)?;
    Ok(())
}

/// Up or down one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

/// Swaps a field with its neighbour; false when it is not this form's.
pub fn move_field(
    conn: &mut PgConnection,
    group: GroupId,
    form: GroupForm,
    field: FieldId,
    direction: Direction,
) -> QueryResult<bool> {
    lock_form(conn, group, form)?;
    let ids = fields(conn, group, form)?.iter().map(|f| f.id).collect();
    let Some(order) = reordered(ids, field, direction) else { return Ok(false) };
    for (position, id) in order.into_iter().enumerate() {
        let position = i32::try_from(position).unwrap_or(i32::MAX);
        diesel::update(form_fields::table.find(id)).set(form_fields::position.eq(position)).execute(conn)?;
    }
    Ok(true)
}

/// `order` with `item` moved one place; `None` when it is not in it.
pub fn reordered<T: PartialEq + Copy>(mut order: Vec<T>, item: T, direction: Direction) -> Option<Vec<T>> {
    let at = order.iter().position(|x| *x == item)?;
    let to = match direction {
        Direction::Up => at.checked_sub(1),
        Direction::Down => Some(at + 1).filter(|to| *to < order.len()),
    };
    if let Some(to) = to {
        order.swap(at, to);
    }
    Some(order)
}

/// Adds and moves in one form wait for each other, so positions stay distinct.
fn lock_form(conn: &mut PgConnection, group: GroupId, form: GroupForm) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended('form_fields:' || $2, $1))")
        .bind::<diesel::sql_types::Int8, _>(group)
        .bind::<diesel::sql_types::Text, _>(form.as_str())
        .execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Direction, reordered};

    #[test]
    fn an_item_moves_one_place_and_stays_put_at_either_end() {
        assert_eq!(reordered(vec![1, 2, 3], 2, Direction::Up), Some(vec![2, 1, 3]));
        assert_eq!(reordered(vec![1, 2, 3], 2, Direction::Down), Some(vec![1, 3, 2]));
        assert_eq!(reordered(vec![1, 2, 3], 1, Direction::Up), Some(vec![1, 2, 3]));
        assert_eq!(reordered(vec![1, 2, 3], 3, Direction::Down), Some(vec![1, 2, 3]));
        assert_eq!(reordered(vec![1, 2, 3], 4, Direction::Up), None);
    }
}
