/**
 * SQL that puts the row trigger function `fn` on every leaf of t01_v1 as
 * heirloom creates it (rows go into the dump's leaves, not the child), by an
 * event trigger named `<fn>_on_leaf` with a function of that name.
 */
export function onEveryT01Leaf(fn: string): string {
  return `
      CREATE FUNCTION public.${fn}_on_leaf() RETURNS event_trigger LANGUAGE plpgsql AS $$
      DECLARE t record;
      BEGIN
        FOR t IN SELECT * FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE TABLE' AND object_identity LIKE 'public_leaves.t01_v1_d%' LOOP
          EXECUTE format('CREATE TRIGGER ${fn} BEFORE INSERT ON %s FOR EACH ROW EXECUTE FUNCTION public.${fn}()', t.object_identity);
        END LOOP;
      END $$;
      CREATE EVENT TRIGGER ${fn}_on_leaf ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION public.${fn}_on_leaf();`
}
