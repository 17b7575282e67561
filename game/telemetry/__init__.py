"""Consented, anonymised telemetry of play sessions: event schema, recorder, writer thread, SQLite store, cohorts,
participant codes, questionnaires, export/import bundles and the read API for reports. Never imports pygame.
"""
