-- Migration 0005: what a convocatoria's bases set beyond its figures, and a catalogue of chains
-- that keeps the chains it no longer offers.
-- The resolution that approves the bases and the one that designates the committee are cited
-- by every document of the call. A retired chain keeps its plans and prioritisations but is not
-- offered to new ones.

ALTER TABLE calls ADD COLUMN bases_resolution TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN bases_resolution_on TEXT
    CHECK (bases_resolution_on IS NULL OR date(bases_resolution_on) IS bases_resolution_on);
ALTER TABLE calls ADD COLUMN committee_resolution TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN committee_resolution_on TEXT
    CHECK (committee_resolution_on IS NULL OR date(committee_resolution_on) IS committee_resolution_on);
ALTER TABLE calls ADD COLUMN copied_from_id INTEGER REFERENCES calls(id);

ALTER TABLE chains ADD COLUMN retired_on TEXT
    CHECK (retired_on IS NULL OR date(retired_on) IS retired_on);

-- A transfer moves only what the source pool has left: the amount is checked in
-- procompite.evaluation.transfers against the allocation, and a transfer is never edited.
CREATE TRIGGER call_pool_transfers_never_change BEFORE UPDATE ON call_pool_transfers
BEGIN
    SELECT RAISE(ABORT, 'Una transferencia entre fondos no se modifica; registre otra en sentido contrario.');
END;
