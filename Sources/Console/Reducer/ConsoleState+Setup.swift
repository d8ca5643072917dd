import DicomStore
import ObjectStorage

extension ConsoleState {
    /// Opens the guided setup (the first time, or `:setup`).
    mutating func openSetup(asRoot: Bool) {
        setup = newSetupForm()
        if asRoot {
            routes = [.setup]
        } else if route != .setup {
            routes.append(.setup)
        }
    }

    /// A fresh form for this console: attached to a server (`--endpoint`), the bucket is always created
    /// on the server, which cannot see this machine's folders.
    func newSetupForm() -> SetupForm {
        var form = SetupForm(project: location.project, location: location.location,
                             samplesAvailable: environment.samplesFolder != nil)
        form.allowsExistingFolder = !environment.remote
        form.allowsDataDirectory = environment.canRelocate
        form.allowsCloudStorage = environment.cloudStorage
        form.currentDataDirectory = environment.dataDirectory
        form.dataDirectory = TextField(environment.dataDirectory)
        return form
    }

    mutating func performInSetup(_ action: Action) -> [Command] {
        guard var form = setup, !form.running else { return [] }
        defer { setup = form }
        switch action {
        case .nextField, .prevField:
            form.focus = Self.step(form.focus, in: form.visibleFields, forward: action == .nextField)
        case .left, .right, .toggle, .confirm:
            switch form.focus {
            case .bucketMode:
                let sources = form.bucketSources
                if sources.count > 1 {
                    let index = sources.firstIndex(of: form.bucketSource) ?? 0
                    form.bucketSource = sources[(index + (action == .left ? sources.count - 1 : 1)) % sources.count]
                } else {
                    flash("The server cannot see this machine's folders: the bucket is created on the server", .error)
                }
            case .samples:
                if environment.samplesFolder == nil {
                    flash("The sample study was not found: set DICOM_CONSOLE_SAMPLES to its folder", .error)
                } else {
                    form.importSamples.toggle()
                }
            case .submit:
                guard action == .confirm || action == .toggle else { return [] }
                if refusedReadOnly() { return [] }
                if let invalid = form.firstInvalid {
                    form.focus = invalid
                    flash(form.error(invalid) ?? "check the highlighted field", .error)
                    return []
                }
                guard let plan = form.plan(samplesFolder: environment.samplesFolder) else { return [] }
                form.running = true
                form.steps = []
                location = plan.location
                return [.runSetup(plan)]
            default:
                if action == .confirm { form.focus = Self.step(form.focus, in: form.visibleFields, forward: true) }
            }
        default:
            break
        }
        return []
    }
}
