import GRDB

extension SQLiteSchema {
    /// Feedback newest first within a workspace: the verbatim explorer's keyset pages walk this
    /// index instead of sorting the workspace for every page.
    static func registerSearchMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("6-feedback-search") { db in
            try db.execute(sql: DeferredIndex.feedbackRecent.createSQL)
        }
    }
}
