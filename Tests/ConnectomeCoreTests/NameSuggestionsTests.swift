import ConnectomeCore
import Testing

@Suite("Name suggestions")
struct NameSuggestionsTests {
    let neurons = ["AVAL", "AVAR", "AVBL", "AVBR", "PVCL", "PVCR", "ALML", "ALMR", "AVM"]

    @Test func misspeltNeuronSuggestsNearest() {
        #expect(NameSuggestions.nearest(to: "AVAX", in: neurons) == ["AVAL", "AVAR"])
        #expect(NameSuggestions.nearest(to: "aval", in: neurons).first == "AVAL")
        #expect(NameSuggestions.hint(for: "PVC", in: neurons) == "; did you mean PVCL or PVCR?")
    }

    @Test func nothingCloseGivesNoHint() {
        #expect(NameSuggestions.hint(for: "XXXXXXXXXXXX", in: neurons) == "")
    }
}
