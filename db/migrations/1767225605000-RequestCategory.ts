import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The yearly report counts appeals (the Law on citizens' appeals) apart from contact-center requests, and
 * appeals by whom they were addressed to. `category` defaults by source in a trigger, so every writer that
 * does not know of it (the demo generator, older code paths) still stores the right value; `addressee`
 * becomes a reference list an admin can extend.
 */
export class RequestCategory1767225605000 implements MigrationInterface {
  name = 'RequestCategory1767225605000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE addressees (
        code varchar(24) PRIMARY KEY,
        name_uk text NOT NULL,
        name_en text NOT NULL,
        position integer NOT NULL DEFAULT 100
      );
      INSERT INTO addressees (code, name_uk, name_en, position) VALUES
        ('city_leadership', 'Керівництво міста', 'City leadership', 1),
        ('department', 'Керівники структурних підрозділів', 'Department heads', 2),
        ('district_committee', 'Виконкоми районних у місті рад', 'District executive committees', 3),
        ('city_council', 'Міська рада', 'City council', 4);
      UPDATE requests SET addressee = 'city_leadership' WHERE addressee IS NULL OR addressee NOT IN (SELECT code FROM addressees);
      ALTER TABLE requests ALTER COLUMN addressee SET DEFAULT 'city_leadership',
        ALTER COLUMN addressee SET NOT NULL,
        ADD CONSTRAINT requests_addressee_fk FOREIGN KEY (addressee) REFERENCES addressees(code);

      ALTER TABLE requests ADD COLUMN category varchar(8) CHECK (category IN ('appeal', 'service'));
      UPDATE requests SET category = CASE WHEN source IN ('call', 'web', 'consultation') THEN 'service' ELSE 'appeal' END;
      ALTER TABLE requests ALTER COLUMN category SET NOT NULL;
      CREATE FUNCTION requests_default_category() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.category IS NULL THEN
          NEW.category := CASE WHEN NEW.source IN ('call', 'web', 'consultation') THEN 'service' ELSE 'appeal' END;
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER requests_default_category BEFORE INSERT ON requests
        FOR EACH ROW EXECUTE FUNCTION requests_default_category();
      -- The yearly report reads two years by category and date.
      CREATE INDEX requests_category_received ON requests (category, received_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX requests_category_received;
      DROP TRIGGER requests_default_category ON requests;
      DROP FUNCTION requests_default_category();
      ALTER TABLE requests DROP COLUMN category;
      ALTER TABLE requests DROP CONSTRAINT requests_addressee_fk,
        ALTER COLUMN addressee DROP NOT NULL, ALTER COLUMN addressee DROP DEFAULT;
      DROP TABLE addressees;
    `);
  }
}
