DROP TRIGGER commissions_rollup_deleted ON commissions;
DROP TRIGGER commissions_rollup_updated ON commissions;
DROP TRIGGER commissions_rollup_inserted ON commissions;
DROP TRIGGER transactions_rollup_deleted ON transactions;
DROP TRIGGER transactions_rollup_updated ON transactions;
DROP TRIGGER transactions_rollup_inserted ON transactions;
DROP TRIGGER customers_rollup_deleted ON customers;
DROP TRIGGER customers_rollup_updated ON customers;
DROP TRIGGER customers_rollup_inserted ON customers;

CREATE TRIGGER customers_rollup AFTER INSERT OR UPDATE OR DELETE ON customers
    FOR EACH ROW EXECUTE FUNCTION pd_customers_rollup();
CREATE TRIGGER transactions_rollup AFTER INSERT OR UPDATE OR DELETE ON transactions
    FOR EACH ROW EXECUTE FUNCTION pd_transactions_rollup();
CREATE TRIGGER commissions_rollup AFTER INSERT OR UPDATE OR DELETE ON commissions
    FOR EACH ROW EXECUTE FUNCTION pd_commissions_rollup();

DROP FUNCTION pd_commissions_rollup_rows();
DROP FUNCTION pd_transactions_rollup_rows();
DROP FUNCTION pd_customers_rollup_rows();
DROP FUNCTION pd_conversions_apply(pd_conversion_delta[]);
DROP TYPE pd_conversion_delta;
