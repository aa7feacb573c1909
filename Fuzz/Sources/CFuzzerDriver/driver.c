// The header declares LLVMFuzzerRunDriver, which libFuzzer defines; nothing to compile here.
