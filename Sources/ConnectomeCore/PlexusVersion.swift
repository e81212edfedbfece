/// The version of Plexus, written into stores and run files (`created_by`) and printed by
/// `plexus --version`: one place to change it.
public enum PlexusVersion {
    public static let number = "0.1.0"
    /// "plexus 0.1.0", the `created_by` / creator attribute of files Plexus writes.
    public static let creator = "plexus \(number)"
}
