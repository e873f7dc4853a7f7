import FuzzDriver

runFuzzer(fuzzYAML)
