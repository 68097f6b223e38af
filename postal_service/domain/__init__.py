"""Pure rules of the domain: standard library only, no framework, no database."""
