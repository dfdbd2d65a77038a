"""Dashboard tests (package, so module names like test_app cannot clash with other folders)."""
