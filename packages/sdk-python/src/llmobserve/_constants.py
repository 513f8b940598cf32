"""Constants of the wire contract (shared/PRODUCT.md), as the TypeScript SDK's `constants.ts` has them."""
import re

SDK_NAME = "llmobserve-python"
SDK_VERSION = "0.1.0"
SDK_ID = f"{SDK_NAME}/{SDK_VERSION}"

DEFAULT_TENANT_ID = "default_tenant"
DEFAULT_COLLECTOR_URL = "http://localhost:8000"
TENANT_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")

ID_LENGTH = 128
CUSTOMER_ID_LENGTH = 256
LABEL_LENGTH = 256
SECTION_PATH_LENGTH = 1024
NAME_LENGTH = 256
ERROR_LENGTH = 1000
METADATA_BYTES = 8 * 1024
UNIT_KEYS = 32
