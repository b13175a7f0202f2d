"""The instance's home: its data directory (SPRAVA_HOME) and what lives there.

    paths     the layout of the data directory
    keys      making the keys, unlocking them (the keyring), the record-hash key
    vault     this instance's vault, opened with its keys
    signing   signing checkpoints, and the latest one kept outside the database
    planner   keeping the database's query planner informed
"""
