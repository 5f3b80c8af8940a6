"""Printed documents: dictámenes and actas issued with their snapshot, verification codes,
letterhead, and the PDF renderers (:mod:`.pdf`)."""
