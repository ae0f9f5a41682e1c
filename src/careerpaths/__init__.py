"""careerpaths: career-aligned dual enrollment pathways, grades 9-14.

The package is organised as a framework-free ``core`` (pathway model, requisites,
requirement trees and audits, validation, curriculum metrics) with adapters around
it: ``io`` (file formats), ``labor`` (labor-market data), ``demo`` (the demo region)
and ``cli`` (the command line).
"""

__version__ = "0.1.0"
