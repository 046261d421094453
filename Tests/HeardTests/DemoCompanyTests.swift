@testable import HeardEngine
import HeardModel
import Testing

@Suite struct DemoCompanyTests {
    @Test func everyStarterThemeRoutesToADemoTeamAndActionsPointAtRealThemes() throws {
        let themes = try TaxonomyFile.starter()
        let teams = Set(DemoCompany.teams.map(\.name))
        let owners = Set(themes.compactMap(\.ownerTeam))
        #expect(!owners.isEmpty)
        #expect(owners.subtracting(teams).isEmpty, "starter owners without a demo team: \(owners.subtracting(teams).sorted())")
        let keys = Set(themes.map(\.key))
        for action in DemoCompany.actions {
            #expect(action.themeKey.map(keys.contains) == true, "\(action.title) → \(action.themeKey ?? "nil")")
            #expect(action.ownerTeam.map(teams.contains) == true, "\(action.title) → \(action.ownerTeam ?? "nil")")
        }
    }
}
