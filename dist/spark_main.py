"""The driver script spark-submit runs (dist/run-spark.sh): reprint.spark's
command line, from the installed wheel."""
import sys

from reprint.spark import main

sys.exit(main())
