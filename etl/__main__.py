"""`python -m etl …` entry point."""

from etl.cli.app import main

if __name__ == "__main__":
    main()
