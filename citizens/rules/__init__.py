"""The citizens' domain rules, one module per rule.

Each module is the one home of its rule: the per-case form (Python, for alerts, records and forms)
and the bulk form (ORM/SQL, for lists and indicators) side by side, and a property-based test in
tests/citizens/rules/ that the two agree on generated cases.
"""
