"""`python -m etl …` entry point."""

from etl.cli import main

if __name__ == "__main__":
    main()
