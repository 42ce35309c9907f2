"""One module per `factsheets` verb: each parses its options and calls one library function."""
