"""ropa: GDPR declarations in YAML → public privacy policy and Article 30 register."""

__version__ = "0.1.0"
