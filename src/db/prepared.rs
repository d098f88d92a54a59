//! Hand-written SQL that PostgreSQL plans once per connection. Diesel
//! prepares its own query builder's statements once and reuses them, but
//! plans `sql_query` text anew on every call, as the text may have been
//! built at run time. For a fixed text whose best plan does not depend on
//! the values bound (ids, a day range), planning cost more than running:
//! about 2 ms of a page's 3 ms in the database on the demo program.

use diesel::pg::Pg;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::{QueryResult, RunQueryDsl};

/// A `sql_query` whose text is a constant, prepared once per connection.
/// Not for text built at run time (each text would be kept), nor for
/// searches, whose plan depends on the pattern.
pub struct Prepared<Q>(pub Q);

/// Marks a query of constant text to be prepared once per connection.
pub fn prepared<Q>(query: Q) -> Prepared<Q> {
    Prepared(query)
}

impl<Q> QueryId for Prepared<Q> {
    type QueryId = ();
    // Kept by its SQL text, as diesel keeps any statement without a type of its own.
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q: QueryFragment<Pg>> QueryFragment<Pg> for Prepared<Q> {
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        self.0.walk_ast(pass)
    }

    fn is_safe_to_cache_prepared(&self, _: &Pg) -> QueryResult<bool> {
        Ok(true)
    }
}

impl<Q: Query> Query for Prepared<Q> {
    type SqlType = Q::SqlType;
}

impl<Q, Conn> RunQueryDsl<Conn> for Prepared<Q> {}
