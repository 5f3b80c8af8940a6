-- Migration 0010: digital signatures of issued dictámenes and actas (procompite.documents.signing).
-- Each row is one PAdES signature made with a member's PKCS#12 certificate: who signed, the
-- certificate, when, and the whole signed PDF after that signature (the next member signs it
-- again as an incremental update, so every row's PDF begins with the one before it), with its
-- SHA-256 and the verification code of the document it renders. Rows are never changed nor
-- deleted; a reopened dictamen or a replaced acta keeps its signatures, which no longer bind.

CREATE TABLE document_signatures (
    id INTEGER PRIMARY KEY,
    document_kind TEXT NOT NULL CHECK (document_kind IN ('dictamen', 'acta')),
    document_id INTEGER NOT NULL CHECK (document_id >= 1),
    verification_code TEXT NOT NULL CHECK (length(trim(verification_code)) > 0),
    position INTEGER NOT NULL CHECK (position >= 1),
    field_name TEXT NOT NULL CHECK (length(trim(field_name)) > 0),
    signer_name TEXT NOT NULL CHECK (length(trim(signer_name)) > 0),
    certificate_subject TEXT NOT NULL,
    certificate_serial TEXT NOT NULL CHECK (length(trim(certificate_serial)) > 0),
    certificate_fingerprint TEXT NOT NULL
        CHECK (length(certificate_fingerprint) = 64
               AND certificate_fingerprint NOT GLOB '*[^0-9a-f]*'),
    signed_at TEXT NOT NULL,
    signed_pdf BLOB NOT NULL,
    pdf_sha256 TEXT NOT NULL
        CHECK (length(pdf_sha256) = 64 AND pdf_sha256 NOT GLOB '*[^0-9a-f]*'),
    UNIQUE (document_kind, document_id, position),
    UNIQUE (document_kind, document_id, certificate_fingerprint)
) STRICT;

CREATE INDEX document_signatures_document ON document_signatures(document_kind, document_id);

CREATE TRIGGER document_signatures_of_documents_in_force BEFORE INSERT ON document_signatures
WHEN NOT EXISTS (
        SELECT 1 FROM dictamenes d
        WHERE NEW.document_kind = 'dictamen' AND d.id = NEW.document_id
          AND d.verification_code = NEW.verification_code AND d.status = 'emitido')
 AND NOT EXISTS (
        SELECT 1 FROM actas a
        WHERE NEW.document_kind = 'acta' AND a.id = NEW.document_id
          AND a.verification_code = NEW.verification_code
          AND a.id = (SELECT max(id) FROM actas WHERE call_id = a.call_id))
BEGIN
    SELECT RAISE(ABORT, 'Solo se firma digitalmente un dictamen o acta emitido y vigente.');
END;

CREATE TRIGGER document_signatures_append_only_update BEFORE UPDATE ON document_signatures
BEGIN
    SELECT RAISE(ABORT, 'Una firma digital guardada no se puede modificar.');
END;

CREATE TRIGGER document_signatures_append_only_delete BEFORE DELETE ON document_signatures
BEGIN
    SELECT RAISE(ABORT, 'Una firma digital guardada no se puede borrar.');
END;
