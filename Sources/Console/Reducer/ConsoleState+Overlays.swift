import Foundation
import DicomStore
import ObjectStorage

extension ConsoleState {
    /// Actions while an overlay is up.
    mutating func performInOverlay(_ action: Action) -> [Command] {
        switch overlay {
        case .help?:
            overlay = nil
            return []
        case .text(var view)?:
            if action == .back || action == .help {
                overlay = action == .help ? .help : nil
                return []
            }
            let visible = textViewHeight
            let lastTop = max(0, view.displayLines(width: textViewWidth).count - visible)
            var top = view.list.top
            switch action {
            case .up: top -= 1
            case .down: top += 1
            case .pageUp: top -= max(1, visible - 1)
            case .pageDown: top += max(1, visible - 1)
            case .top: top = 0
            case .bottom: top = lastTop
            default: break
            }
            view.list.top = min(max(0, top), lastTop)
            overlay = .text(view)
            return []
        case .confirm(var confirmation)?:
            switch action {
            case .left, .right:
                confirmation.focused = 1 - confirmation.focused
                overlay = .confirm(confirmation)
            case .back:
                overlay = nil
            case .confirm:
                guard confirmation.focused == 1 else {
                    overlay = nil
                    return []
                }
                if let expected = confirmation.typeToConfirm, confirmation.typed.text != expected {
                    flash("Type \(expected) to confirm", .error)
                    return []
                }
                overlay = nil
                return confirmed(confirmation.purpose)
            case .help:
                break
            default:
                break
            }
            return []
        case .access(var dialog)?:
            switch action {
            case .left, .right:
                if dialog.problem.canGrant { dialog.focused = 1 - dialog.focused }
                overlay = .access(dialog)
            case .back:
                overlay = nil
            case .confirm:
                overlay = nil
                guard dialog.focused == 1 else { return [] }
                let problem = dialog.problem
                return [.grant(bucket: problem.bucket, member: problem.member, roles: [problem.role], then: problem.then)]
            default:
                break
            }
            return []
        case .menu(var menu)?:
            switch action {
            case .up, .left: menu.selected = max(0, menu.selected - 1)
            case .down, .right: menu.selected = min(menu.items.count - 1, menu.selected + 1)
            case .top, .pageUp: menu.selected = 0
            case .bottom, .pageDown: menu.selected = max(0, menu.items.count - 1)
            case .back:
                overlay = nil
                return []
            case .confirm:
                overlay = nil
                guard menu.items.indices.contains(menu.selected) else { return [] }
                return act(menu.items[menu.selected].action, on: menu.store)
            default: break
            }
            overlay = .menu(menu)
            return []
        case .folders(var picker)?:
            let commands = performInPicker(&picker, action)
            if case .folders? = overlay { overlay = .folders(picker) }
            return commands
        case .prompt?, .jump?:
            if action == .back { overlay = nil }
            return []
        case nil:
            return []
        }
    }

    /// Rows of folders the export folder chooser shows.
    var pickerHeight: Int { max(3, bodyHeight - 8) }

    /// Keys in the export folder chooser: Enter opens a folder (or, on the first row, uses the one shown),
    /// Space chooses the selected folder, Backspace goes up, Esc closes.
    mutating func performInPicker(_ picker: inout FolderPicker, _ action: Action) -> [Command] {
        if picker.list.apply(action, count: picker.rowCount, height: pickerHeight) {
            if let token = picker.nextPageToken, picker.list.selected >= picker.rowCount - 5 {
                picker.nextPageToken = nil
                return [.listFolder(bucket: picker.bucket, prefix: picker.prefix, pageToken: token, generation: picker.generation,
                                    for: .exportDestination)]
            }
            return []
        }
        let selected = picker.folder(onRow: picker.list.selected)
        switch action {
        case .open:
            guard let selected else { return useExportFolder(picker.shownURI) }
            return [picker.open(selected, generation: nextFolderListing())]
        case .toggle:
            return useExportFolder(selected.map { "gs://\(picker.bucket)/\($0)" } ?? picker.shownURI)
        case .parent:
            guard let parent = picker.parentPrefix else { return [] }
            return [picker.open(parent, generation: nextFolderListing())]
        case .back:
            overlay = nil
        default:
            break
        }
        return []
    }

    /// A generation no folder chooser listing had before.
    mutating func nextFolderListing() -> Int {
        folderListings += 1
        return folderListings
    }

    /// The folder chooser's answer: the Export tab's destination.
    mutating func useExportFolder(_ uri: String) -> [Command] {
        overlay = nil
        guard var page = storePage else { return [] }
        page.exportForm.destination = TextField(uri)
        page.exportForm.focus = .destination
        storePage = page
        flash("Export destination: \(uri)")
        return []
    }

    /// Rows of text a text view shows (it covers the body, in a box).
    var textViewHeight: Int { max(1, bodyHeight - 2) }
    /// Columns of text a text view shows.
    var textViewWidth: Int { max(1, width - 4) }

    /// Runs what a confirmation was about.
    mutating func confirmed(_ purpose: Confirmation.Purpose) -> [Command] {
        switch purpose {
        case .deleteDataset(let name, let force):
            flash("Deleting dataset \(name.id)...")
            return [.deleteDataset(name, force: force)]
        case .deleteStore(let name):
            flash("Deleting DICOM store \(name.id)...")
            return [.deleteStore(name)]
        case .cancelOperation(let name):
            flash("Cancelling operation \(name.id)...")
            return [.cancelOperation(name)]
        case .quit:
            quitRequested = true
            return []
        }
    }

    /// The validation error of a prompt's text.
    static func validate(_ prompt: Prompt) -> String? {
        do {
            switch prompt.purpose {
            case .createDataset: try ResourceID.validate(prompt.field.text, kind: "dataset")
            case .createStore: try ResourceID.validate(prompt.field.text, kind: "DICOM store")
            case .exportMetadata: _ = try MetadataTable(uri: prompt.field.text, disposition: .writeAppend)
            case .changeLocation: _ = try Self.location(prompt.field.text)
            case .storageProject: try Self.validateStorageProject(prompt.field.text.trimmingCharacters(in: .whitespaces))
            }
            return nil
        } catch {
            return ServiceError(error).message
        }
    }

    /// Enter in a prompt: the command, when the text is valid.
    mutating func submit(_ prompt: Prompt) -> [Command] {
        if let error = Self.validate(prompt) {
            var shown = prompt
            shown.error = error
            overlay = .prompt(shown)
            return []
        }
        overlay = nil
        do {
            switch prompt.purpose {
            case .createDataset(let location):
                return [.createDataset(try DatasetName(location, id: prompt.field.text))]
            case .createStore(let dataset):
                return [.createStore(try StoreName(dataset, id: prompt.field.text))]
            case .exportMetadata(let store):
                commandLog = ["$ dicom-console dicom-stores export bq \(store.id) --dataset=\(store.dataset.id) --bq-table='\(prompt.field.text)' --async",
                              "POST v1/\(store):export"]
                return [.exportMetadata(store, tableURI: prompt.field.text)]
            case .changeLocation:
                return showLocation(try Self.location(prompt.field.text))
            case .storageProject:
                let project = prompt.field.text.trimmingCharacters(in: .whitespaces)
                return showStorageProject(project.isEmpty ? nil : project)
            }
        } catch {
            flash(ServiceError(error).message, .error)
            return []
        }
    }
}
