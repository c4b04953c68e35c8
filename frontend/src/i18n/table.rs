//! Every text of the app: the key, its English, its German. Keys are
//! grouped by screen; a text with values has numbered placeholders ({0}).
//! (A data table: long by nature, nothing to split.)

macro_rules! table {
    ($($key:ident: $en:literal, $de:literal;)*) => {
        /// A text of the app.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum K {
            $($key),*
        }
        /// Every key, for the completeness tests.
        pub const KEYS: &[K] = &[$(K::$key),*];
        // Each language is one string with every text ended by a NUL, and
        // the texts' starts worked out at compile time: two bytes a text
        // instead of a pointer and a length.
        const COUNT: usize = KEYS.len();
        pub(super) static EN: Texts<COUNT> = Texts::new(concat!($($en, "\0"),*));
        pub(super) static DE: Texts<COUNT> = Texts::new(concat!($($de, "\0"),*));
    };
}

/// One language's texts: `all` and where each text starts in it.
pub(super) struct Texts<const N: usize> {
    all: &'static str,
    starts: [u16; N],
}

impl<const N: usize> Texts<N> {
    const fn new(all: &'static str) -> Self {
        assert!(
            all.len() < u16::MAX as usize,
            "the texts outgrew u16 offsets"
        );
        let bytes = all.as_bytes();
        let mut starts = [0u16; N];
        let (mut at, mut n) = (0, 1);
        while at < bytes.len() {
            if bytes[at] == 0 && n < N {
                starts[n] = (at + 1) as u16;
                n += 1;
            }
            at += 1;
        }
        assert!(n == N, "a text contains a NUL");
        Texts { all, starts }
    }

    pub(super) fn get(&self, index: usize) -> &'static str {
        let start = usize::from(self.starts[index]);
        let rest = self.all.get(start..).unwrap_or("");
        rest.split('\0').next().unwrap_or("")
    }
}

table! {
    TodayTitle: "Today",
        "Heute";
    TodayScope: "Whose chores",
        "Wessen Aufgaben";
    TodayMe: "Me",
        "Meine";
    TodayEveryone: "Everyone",
        "Alle";
    TodayLoading: "Loading today's chores…",
        "Die heutigen Aufgaben werden geladen…";
    TodayRetry: "Try again",
        "Erneut versuchen";
    TodayRefreshFailed: "Could not refresh the list:",
        "Die Liste konnte nicht aktualisiert werden:";
    TodayOverdue: "Overdue",
        "Überfällig";
    TodayDueToday: "Due today",
        "Heute fällig";
    TodayUpcoming: "Upcoming",
        "Demnächst";
    TodayOffers: "Swap offers",
        "Tauschangebote";
    TodayNothingOverdue: "Nothing overdue. Well done!",
        "Nichts überfällig. Gut gemacht!";
    TodayNothingToday: "Nothing due today. Look at Upcoming if you want a head start.",
        "Heute ist nichts fällig. Schau unter Demnächst, wenn du vorarbeiten willst.";
    TodayNothingUpcoming: "Nothing due in the next 7 days. An admin can plan more chores under Tasks.",
        "In den nächsten 7 Tagen ist nichts fällig. Ein Admin kann unter Aufgaben weitere planen.";
    TodayNothingUpcomingMe: "Nothing due for you in the next 7 days. Switch to Everyone to help someone out.",
        "Für dich ist in den nächsten 7 Tagen nichts fällig. Wechsle zu Alle, um jemandem zu helfen.";
    TodayTruncated: "Only the first chores are shown. Switch to Me for your own.",
        "Nur die ersten Aufgaben werden gezeigt. Wechsle zu Meine für deine eigenen.";
    TodayDue: "Due",
        "Fällig";
    TodayNoDueDate: "No due date",
        "Ohne Fälligkeit";
    TodayAnyone: "Anyone can take it",
        "Jede und jeder kann sie übernehmen";
    TodayOfferedTo: "Offered to",
        "Angeboten an";
    TodayFrom: "from",
        "von";
    TodayDone: "Done",
        "Erledigt";
    TodayMore: "More",
        "Mehr";
    TodayNote: "Note (optional)",
        "Notiz (optional)";
    TodayDoneEarlier: "Done earlier at",
        "Früher erledigt um";
    TodayDoneEarlierHint: "Leave empty if you did it just now.",
        "Leer lassen, wenn du es gerade eben erledigt hast.";
    TodayBadTime: "Enter a date and a time.",
        "Gib ein Datum und eine Uhrzeit ein.";
    TodaySkip: "Skip",
        "Überspringen";
    TodayClaim: "Claim",
        "Übernehmen";
    TodayOfferTo: "Offer a swap to",
        "Tausch anbieten an";
    TodayChooseMember: "Choose a member",
        "Mitglied wählen";
    TodayChooseMemberFirst: "Choose whom to offer it to.",
        "Wähle, wem du sie anbietest.";
    TodayOffer: "Offer swap",
        "Tausch anbieten";
    TodayTakeBack: "Take back the offer",
        "Angebot zurückziehen";
    TodayAccept: "Accept",
        "Annehmen";
    TodayDecline: "Decline",
        "Ablehnen";
    TodayWorking: "Working…",
        "Wird ausgeführt…";
    TodayDidDone: "Done",
        "Erledigt";
    TodayDidSkip: "Skipped",
        "Übersprungen";
    TodayDidClaim: "Claimed",
        "Übernommen";
    TodayDidOffer: "Offered",
        "Angeboten";
    TodayDidAccept: "Accepted",
        "Angenommen";
    TodayDidDecline: "Declined",
        "Abgelehnt";
    TodayDidUndo: "Undone",
        "Rückgängig gemacht";
    TodayDidTakeBack: "Offer taken back",
        "Angebot zurückgezogen";
    TodayUndo: "Undo",
        "Rückgängig";
    TodayUndoWindow: "for 10 seconds",
        "für 10 Sekunden";
    SetThemeTitle: "Theme",
        "Farbschema";
    SetMyAwayTitle: "When I am away",
        "Wenn ich weg bin";
    SetMyAwayHint: "Your turns on these days go to the next person; chores only you do wait for you.",
        "Deine Runden an diesen Tagen gehen an die nächste Person; Aufgaben, die nur du machst, warten auf dich.";
    SetLoadingAway: "Loading away periods…",
        "Abwesenheiten werden geladen…";
    SetNoAway: "No away periods planned.",
        "Keine Abwesenheiten geplant.";
    SetMember: "Member",
        "Mitglied";
    SetFirstDay: "First day",
        "Erster Tag";
    SetLastDay: "Last day",
        "Letzter Tag";
    SetAdd: "Add away period",
        "Abwesenheit hinzufügen";
    SetAdded: "Away period added.",
        "Abwesenheit hinzugefügt.";
    SetRemove: "Remove",
        "Entfernen";
    SetRemoving: "Removing…",
        "Wird entfernt…";
    SetRemoved: "Away period removed.",
        "Abwesenheit entfernt.";
    SetChooseDay: "Choose a day.",
        "Wähle einen Tag.";
    SetFeedTitle: "My calendar feed",
        "Mein Kalender-Feed";
    SetFeedHint: "Subscribe to this link in your phone's calendar app to see your chores there. The link is shown only once: copy it now. Anyone with it can see your chores.",
        "Abonniere diesen Link in der Kalender-App deines Telefons, um deine Aufgaben dort zu sehen. Der Link wird nur einmal gezeigt: kopiere ihn jetzt. Wer ihn hat, sieht deine Aufgaben.";
    SetFeedNew: "Make a new feed link",
        "Neuen Feed-Link erstellen";
    SetFeedConfirm: "A new link replaces the old one: calendars subscribed to the old link stop getting your chores.",
        "Ein neuer Link ersetzt den alten: Kalender, die den alten Link abonniert haben, bekommen deine Aufgaben nicht mehr.";
    SetFeedYes: "Yes, make a new link",
        "Ja, neuen Link erstellen";
    SetFeedMaking: "Making…",
        "Wird erstellt…";
    SetCancel: "Cancel",
        "Abbrechen";
    SetFeedUrl: "Feed link",
        "Feed-Link";
    SetCopy: "Copy link",
        "Link kopieren";
    SetCopied: "Copied.",
        "Kopiert.";
    SetCopyRefused: "Copying is not allowed here: select the link and copy it.",
        "Kopieren ist hier nicht erlaubt: markiere den Link und kopiere ihn.";
    SetPasswordTitle: "Password",
        "Passwort";
    SetPasswordLink: "Change my password",
        "Mein Passwort ändern";
    SetZoneTitle: "Time zone",
        "Zeitzone";
    SetZoneLabel: "Household time zone",
        "Zeitzone des Haushalts";
    SetZoneHint: "Due times and days follow this zone's clock; changing it moves no chore already planned.",
        "Fälligkeiten folgen der Uhr dieser Zone; eine Änderung verschiebt keine bereits geplante Aufgabe.";
    SetLoadingZone: "Loading the household…",
        "Der Haushalt wird geladen…";
    SetSaveZone: "Save time zone",
        "Zeitzone speichern";
    SetSaving: "Saving…",
        "Wird gespeichert…";
    SetZoneSaved: "Time zone saved.",
        "Zeitzone gespeichert.";
    SetAwayTitle: "Away periods",
        "Abwesenheiten";
    SetAwayHint: "While a member is away their turns go to the next person.",
        "Solange ein Mitglied weg ist, gehen seine Runden an die nächste Person.";
    SetMembersTitle: "Members",
        "Mitglieder";
    SetHousehold: "Household",
        "Haushalt";
    SetAdminsOnly: "Only household admins can change household settings.",
        "Nur Admins des Haushalts können seine Einstellungen ändern.";
    EdNewTitle: "New chore",
        "Neue Aufgabe";
    EdEditTitle: "Edit chore",
        "Aufgabe bearbeiten";
    EdAdminsOnly: "Only household admins can create or change chores.",
        "Nur Admins des Haushalts können Aufgaben anlegen oder ändern.";
    EdLoading: "Loading the chore…",
        "Die Aufgabe wird geladen…";
    EdNotFound: "There is no such chore.",
        "Diese Aufgabe gibt es nicht.";
    EdArchived: "This chore is archived and cannot be changed.",
        "Diese Aufgabe ist archiviert und kann nicht geändert werden.";
    EdBack: "Back to all chores",
        "Zurück zu allen Aufgaben";
    EdWhat: "What",
        "Was";
    EdName: "Name",
        "Name";
    EdDescription: "Description",
        "Beschreibung";
    EdOptional: "(optional)",
        "(optional)";
    EdWhen: "When",
        "Wann";
    EdRepeats: "Repeats",
        "Wiederholung";
    EdStartsOn: "Starts on",
        "Beginnt am";
    EdDate: "Date",
        "Datum";
    EdAt: "At",
        "Um";
    EdOnDays: "On these days",
        "An diesen Tagen";
    EdDayOfMonth: "Day of the month",
        "Tag des Monats";
    EdLastDay: "Last day",
        "Letzter Tag";
    EdWhich: "Which",
        "Welcher";
    EdWeekday: "Weekday",
        "Wochentag";
    EdSkippedMonths: "Months without this day are skipped.",
        "Monate ohne diesen Tag werden übersprungen.";
    EdRule: "Rule (RRULE)",
        "Regel (RRULE)";
    EdRuleHint: "RFC 5545, e.g. FREQ=MONTHLY;BYDAY=1SA. Its times are the start's time of day.",
        "RFC 5545, z. B. FREQ=MONTHLY;BYDAY=1SA. Ihre Uhrzeiten sind die Uhrzeit des Beginns.";
    EdEvery: "Every",
        "Alle";
    EdFirstGuess: "First guess: every",
        "Erste Schätzung: alle";
    EdUnit: "Unit",
        "Einheit";
    EdFirstDue: "First due (optional)",
        "Erstmals fällig (optional)";
    EdDue: "Due (optional)",
        "Fällig (optional)";
    EdAfterWhich: "After which chore",
        "Nach welcher Aufgabe";
    EdChooseChore: "Choose a chore…",
        "Aufgabe wählen…";
    EdHoursAfter: "Hours after it is done",
        "Stunden nach dem Erledigen";
    EdInWords: "In plain words",
        "In Worten";
    EdNextDates: "Next due dates",
        "Nächste Fälligkeiten";
    EdPreviewing: "Working out the dates…",
        "Die Termine werden berechnet…";
    EdNoDates: "This rule has no further dates.",
        "Diese Regel hat keine weiteren Termine.";
    EdStartFarBack: "The start lies far back: only these dates of the next hundred are still ahead.",
        "Der Beginn liegt weit zurück: nur diese der nächsten hundert Termine liegen noch vor uns.";
    EdWho: "Who",
        "Wer";
    EdWhoDoesIt: "Who does it",
        "Wer macht es";
    EdMember: "Member",
        "Mitglied";
    EdNobodyYet: "Nobody yet (assign later)",
        "Noch niemand (später zuweisen)";
    EdMembers: "Members",
        "Mitglieder";
    EdRotationOrder: "Members, in the order they take turns",
        "Mitglieder, in der Reihenfolge ihrer Runden";
    EdUp: "Up",
        "Hoch";
    EdDown: "Down",
        "Runter";
    EdStrategy: "Whose turn is next",
        "Wer als Nächstes dran ist";
    EdApproval: "An admin approves it when it is done",
        "Ein Admin bestätigt das Erledigen";
    EdPoints: "Points",
        "Punkte";
    EdPointsFor: "Points for doing it",
        "Punkte fürs Erledigen";
    EdPenalty: "Penalty for a missed turn",
        "Abzug für eine verpasste Runde";
    EdPointsRange: "A whole number from 0 to 10000",
        "Eine ganze Zahl von 0 bis 10000";
    EdCreate: "Create chore",
        "Aufgabe anlegen";
    EdSave: "Save changes",
        "Änderungen speichern";
    EdSaving: "Saving…",
        "Wird gespeichert…";
    EdSaved: "Saved.",
        "Gespeichert.";
    EdCheckPoints: "Points must be a whole number from 0 to 10000",
        "Punkte müssen eine ganze Zahl von 0 bis 10000 sein";
    EdCheckPenalty: "Penalty points must be a whole number from 0 to 10000",
        "Abzugspunkte müssen eine ganze Zahl von 0 bis 10000 sein";
    EdCheckHours: "Enter a whole number of hours from 0 to 8760",
        "Gib eine ganze Zahl von Stunden von 0 bis 8760 ein";
    EdCheckDue: "Enter a date and time, or leave it empty",
        "Gib Datum und Uhrzeit ein oder lass es leer";
    EdCheckPool: "Choose at least one member",
        "Wähle mindestens ein Mitglied";
    EdCheckAfter: "Choose the chore this one follows",
        "Wähle die Aufgabe, auf die diese folgt";
    HistLoading: "Loading the history…",
        "Der Verlauf wird geladen…";
    HistLoadingFilters: "Loading the filters…",
        "Die Filter werden geladen…";
    HistNothing: "Nothing has been done, skipped or missed yet.",
        "Bisher wurde nichts erledigt, übersprungen oder verpasst.";
    HistNoMatch: "No history matches these filters.",
        "Kein Eintrag passt zu diesen Filtern.";
    HistEveryone: "Everyone",
        "Alle";
    HistAnyChore: "Any chore",
        "Jede Aufgabe";
    HistAnyStatus: "Any status",
        "Jeder Status";
    HistFromAfterTo: "The first day must not be after the last.",
        "Der erste Tag darf nicht nach dem letzten liegen.";
    HistPages: "History pages",
        "Seiten des Verlaufs";
    HistPageN: "Page {0}",
        "Seite {0}";
    HistSaveFailed: "This browser could not save the file.",
        "Dieser Browser konnte die Datei nicht speichern.";
    ApprTitle: "Approvals",
        "Bestätigungen";
    ApprAdminsOnly: "Only household admins can review completed tasks.",
        "Nur Admins des Haushalts können erledigte Aufgaben prüfen.";
    ApprRefresh: "Refresh",
        "Aktualisieren";
    ApprLoading: "Loading completed tasks…",
        "Erledigte Aufgaben werden geladen…";
    ApprNothingWaiting: "Nothing is waiting for approval.",
        "Nichts wartet auf Bestätigung.";
    ApprToReview: "Waiting for your review",
        "Warten auf deine Prüfung";
    ApprOwn: "Your own completions",
        "Deine eigenen Erledigungen";
    ApprOwnHint: "Another household admin has to review these.",
        "Diese muss ein anderer Admin des Haushalts prüfen.";
    ApprNext: "Next page",
        "Nächste Seite";
    ApprPrevious: "Previous page",
        "Vorige Seite";
    ApprPages: "Pages of completions",
        "Seiten der Erledigungen";
    CalLoading: "Loading the month…",
        "Der Monat wird geladen…";
    CalToday: "today",
        "heute";
    CalDue: "due",
        "fällig";
    CalOverdue: "overdue",
        "überfällig";
    CalCut: "This month holds more than the calendar shows: the History lists all of it.",
        "Dieser Monat enthält mehr, als der Kalender zeigt: der Verlauf listet alles.";
    CalBeyond: "Chores are planned at most a year ahead.",
        "Aufgaben werden höchstens ein Jahr im Voraus geplant.";
    RewEdNew: "New reward",
        "Neue Belohnung";
    RewEdEdit: "Edit reward",
        "Belohnung bearbeiten";
    RewEdAdd: "Add reward",
        "Belohnung hinzufügen";
    RewEdSave: "Save reward",
        "Belohnung speichern";
    RewEdCostRange: "Cost must be a whole number of points from 1 to 1000000.",
        "Die Kosten müssen eine ganze Zahl von 1 bis 1000000 Punkten sein.";
    RewEdStockRange: "Stock must be a whole number from 0 to 1000000, or empty for unlimited.",
        "Der Vorrat muss eine ganze Zahl von 0 bis 1000000 sein, oder leer für unbegrenzt.";
    RewLoading: "Loading the rewards…",
        "Die Belohnungen werden geladen…";
    RewNoRewards: "No rewards yet.",
        "Noch keine Belohnungen.";
    RewNoRewardsAdmin: "No rewards yet: add the first one below.",
        "Noch keine Belohnungen: füge unten die erste hinzu.";
    RewNothingToDecide: "No requests are waiting for you.",
        "Keine Anfragen warten auf dich.";
    RewNoRequests: "You have not asked for a reward yet.",
        "Du hast noch keine Belohnung angefragt.";
    MyTitle: "My tasks",
        "Meine Aufgaben";
    MyLoading: "Loading your tasks…",
        "Deine Aufgaben werden geladen…";
    MyNothing: "Nothing is assigned to you yet. Enjoy the free time!",
        "Dir ist noch nichts zugewiesen. Genieß die freie Zeit!";
    MyNothingHere: "Nothing here.",
        "Hier ist nichts.";
    MyMarkDone: "Mark done",
        "Als erledigt markieren";
    MySaving: "Saving…",
        "Wird gespeichert…";
    MyOlder: "Only your most recent work is shown here; the rest is in ",
        "Hier steht nur deine jüngste Arbeit; den Rest findest du im ";
    MyHistory: "the history",
        "Verlauf";
    BoardTitle: "Household board",
        "Haushaltsübersicht";
    BoardRefresh: "Refresh",
        "Aktualisieren";
    BoardMember: "Member",
        "Mitglied";
    BoardEveryone: "Everyone",
        "Alle";
    BoardStatus: "Status",
        "Status";
    BoardAnyStatus: "Any status",
        "Jeder Status";
    BoardOpen: "Open",
        "Offen";
    BoardClosed: "Recently closed",
        "Kürzlich abgeschlossen";
    BoardLoadingOpen: "Loading the open tasks…",
        "Die offenen Aufgaben werden geladen…";
    BoardLoadingClosed: "Loading the closed tasks…",
        "Die abgeschlossenen Aufgaben werden geladen…";
    BoardNoOpen: "Nothing is open.",
        "Nichts ist offen.";
    BoardNoClosed: "Nothing has been closed yet.",
        "Noch nichts abgeschlossen.";
    BoardNewer: "Newer",
        "Neuere";
    BoardOlder: "Older",
        "Ältere";
    BoardPages: "Pages of closed tasks",
        "Seiten der abgeschlossenen Aufgaben";
    ScreenLoadFailed: "This screen could not be loaded. Check your connection and try again.",
        "Diese Ansicht konnte nicht geladen werden. Prüfe deine Verbindung und versuche es erneut.";
    PwaOffline: "You are offline — showing the last loaded data; changes are disabled",
        "Du bist offline – die zuletzt geladenen Daten werden gezeigt; Änderungen sind gesperrt";
    RtToday: "Today",
        "Heute";
    RtSignIn: "Sign in",
        "Anmelden";
    RtRegister: "Create account",
        "Konto anlegen";
    RtMyTasks: "My tasks",
        "Meine Aufgaben";
    RtBoard: "Household board",
        "Haushaltsübersicht";
    RtCatalog: "Tasks",
        "Aufgaben";
    RtNewChore: "New chore",
        "Neue Aufgabe";
    RtEditChore: "Edit chore",
        "Aufgabe bearbeiten";
    RtApprovals: "Approvals",
        "Bestätigungen";
    RtAccount: "My account",
        "Mein Konto";
    RtMembers: "Members",
        "Mitglieder";
    RtInvites: "Invites",
        "Einladungen";
    RtHistory: "History",
        "Verlauf";
    RtCalendar: "Calendar",
        "Kalender";
    RtPoints: "Points",
        "Punkte";
    RtRewards: "Rewards",
        "Belohnungen";
    RtHousehold: "Household",
        "Haushalt";
    RtSettings: "My settings",
        "Meine Einstellungen";
    NavBoard: "Board",
        "Übersicht";
    NavSettings: "Settings",
        "Einstellungen";
    NavMain: "Main",
        "Hauptmenü";
    NavWaiting: " waiting",
        " warten";
    NavAccount: "My account",
        "Mein Konto";
    NavAdmin: "admin",
        "Admin";
    NavSigningOut: "Signing out…",
        "Wird abgemeldet…";
    NavSignOut: "Sign out",
        "Abmelden";
    SetLanguageTitle: "Language",
        "Sprache";
    SetLanguageLabel: "Language of the app",
        "Sprache der App";
    SetLangBrowser: "Same as this browser",
        "Wie dieser Browser";
    SetLangEn: "English",
        "English";
    SetLangDe: "Deutsch",
        "Deutsch";
    SetThemeSystem: "Same as this device",
        "Wie dieses Gerät";
    SetThemeLight: "Light",
        "Hell";
    SetThemeDark: "Dark",
        "Dunkel";
    SwMonday: "Monday",
        "Montag";
    SwTuesday: "Tuesday",
        "Dienstag";
    SwWednesday: "Wednesday",
        "Mittwoch";
    SwThursday: "Thursday",
        "Donnerstag";
    SwFriday: "Friday",
        "Freitag";
    SwSaturday: "Saturday",
        "Samstag";
    SwSunday: "Sunday",
        "Sonntag";
    SwJanuary: "January",
        "Januar";
    SwFebruary: "February",
        "Februar";
    SwMarch: "March",
        "März";
    SwApril: "April",
        "April";
    SwMay: "May",
        "Mai";
    SwJune: "June",
        "Juni";
    SwJuly: "July",
        "Juli";
    SwAugust: "August",
        "August";
    SwSeptember: "September",
        "September";
    SwOctober: "October",
        "Oktober";
    SwNovember: "November",
        "November";
    SwDecember: "December",
        "Dezember";
    SwNoWeekday: "Choose at least one day",
        "Wähle mindestens einen Tag";
    SwNotACount: "Enter a whole number from 1 to 1000",
        "Gib eine ganze Zahl von 1 bis 1000 ein";
    SwFirst: "first",
        "ersten";
    SwSecond: "second",
        "zweiten";
    SwThird: "third",
        "dritten";
    SwFourth: "fourth",
        "vierten";
    SwFifth: "fifth",
        "fünften";
    SwLast: "last",
        "letzten";
    SwSecondLast: "second to last",
        "vorletzten";
    SwToLast: "{0} to last",
        "{0}.-letzten";
    SwAnd: "and",
        "und";
    SwEveryDay: "every day",
        "jeden Tag";
    SwEveryDays: "every {0} days",
        "alle {0} Tage";
    SwEveryWeek: "every week",
        "jede Woche";
    SwEveryWeeks: "every {0} weeks",
        "alle {0} Wochen";
    SwEveryMonth: "every month",
        "jeden Monat";
    SwEveryMonths: "every {0} months",
        "alle {0} Monate";
    SwEveryYear: "every year",
        "jedes Jahr";
    SwEveryYears: "every {0} years",
        "alle {0} Jahre";
    SwEveryHour: "every hour",
        "jede Stunde";
    SwEveryHours: "every {0} hours",
        "alle {0} Stunden";
    SwAfterDone: "{0} after it is done",
        "{0} nach dem Erledigen";
    SwFirstDue: "{0}, first due on {1}",
        "{0}, erstmals fällig am {1}";
    SwAdaptive: "Learns from when it is done (first guess: {0})",
        "Lernt aus dem Erledigen (erste Schätzung: {0})";
    SwAnotherChore: "another chore",
        "einer anderen Aufgabe";
    SwQuoted: "“{0}”",
        "„{0}“";
    SwRightAfter: "Right after {0} is done",
        "Direkt nach dem Erledigen von {0}";
    SwHourAfter: "1 hour after {0} is done",
        "1 Stunde nach dem Erledigen von {0}";
    SwHoursAfter: "{0} hours after {1} is done",
        "{0} Stunden nach dem Erledigen von {1}";
    SwOnceDue: "Once, due on {0}",
        "Einmalig, fällig am {0}";
    SwOnceNoDue: "Once, with no due date",
        "Einmalig, ohne Fälligkeit";
    SwAt: " at {0}",
        " um {0}";
    SwDateAt: "{0} at {1}",
        "{0} um {1}";
    SwByRule: "Repeats by the rule {0}{1}",
        "Wiederholt sich nach der Regel {0}{1}";
    SwOnDays: "{0} on {1}",
        "{0} am {1}";
    SwInMonths: "{0} in {1}",
        "{0} im {1}";
    SwMonthly: "On {0} of {1}",
        "{1} am {0}";
    SwOnce: "{0}, once",
        "{0}, einmal";
    SwTimes: "{0}, {1} times",
        "{0}, {1}-mal";
    SwUntil: "{0}, until {1}",
        "{0}, bis {1}";
    SwDay: "day {0}",
        "{0}.";
    SwDays: "days {0}",
        "{0}";
    SwDayNum: "{0}",
        "{0}.";
    SwNthDay: "the {0} day",
        "{0} Tag";
    SwEveryWeekday: "every {0}",
        "jeden {0}";
    SwNthWeekday: "the {0} {1}",
        "{0} {1}";
    SwDayMonth: "{0} {1}",
        "{0}. {1}";
    SwDateLong: "{0} {1} {2}",
        "{0}. {1} {2}";
    SwOfMonths: "{0} of {1}",
        "{0} im {1}";
    SetInviteSomeone: "Invite someone",
        "Jemanden einladen";
    AuthEnterBoth: "Enter your username and password.",
        "Gib deinen Benutzernamen und dein Passwort ein.";
    AuthRegisterTitle: "Create your account",
        "Konto anlegen";
    AuthRegistering: "Creating account…",
        "Konto wird angelegt…";
    AuthSigningIn: "Signing in…",
        "Anmeldung läuft…";
    AuthUsername: "Username",
        "Benutzername";
    AuthUsernameHint: "3–32 letters, digits, “.”, “_” or “-”.",
        "3–32 Buchstaben, Ziffern, „.“, „_“ oder „-“.";
    AuthPassword: "Password",
        "Passwort";
    AuthPasswordHint: "At least 8 characters.",
        "Mindestens 8 Zeichen.";
    AuthInvite: "Invite code (optional)",
        "Einladungscode (optional)";
    AuthInviteHint: "From a household admin, e.g. ABCD-EFGH-JKLM.",
        "Von einem Admin des Haushalts, z. B. ABCD-EFGH-JKLM.";
    AuthHaveAccount: "Already have an account?",
        "Schon ein Konto?";
    AuthNewHere: "New here?",
        "Neu hier?";
    AuthCreateOne: "Create an account",
        "Konto anlegen";
    AccChanged: "Password changed. Your other devices have been signed out.",
        "Passwort geändert. Deine anderen Geräte wurden abgemeldet.";
    AccCurrent: "Current password",
        "Aktuelles Passwort";
    AccNew: "New password",
        "Neues Passwort";
    AccNewHint: "At least 8 characters, not a common password.",
        "Mindestens 8 Zeichen, kein gängiges Passwort.";
    AccAgain: "New password again",
        "Neues Passwort wiederholen";
    AccChange: "Change password",
        "Passwort ändern";
    AccChanging: "Changing…",
        "Wird geändert…";
    AppSkip: "Skip to content",
        "Zum Inhalt springen";
    AppName: "Chores",
        "Hausarbeit";
    CardAnyone: "anyone",
        "alle";
    CardAssigned: "Assigned",
        "Zugewiesen";
    CardCompleted: "Completed",
        "Erledigt am";
    CardReviewedBy: "Reviewed by",
        "Geprüft von";
    EdCreated: "Created “{0}”.",
        "„{0}“ angelegt.";
    EdMoveUp: "Move {0} up",
        "{0} nach oben";
    EdMoveDown: "Move {0} down",
        "{0} nach unten";
    EdEveryHowMany: "Every how many {0}",
        "Alle wie viele {0}";
    EdPresetOnce: "Once",
        "Einmalig";
    EdPresetDaily: "Daily",
        "Täglich";
    EdPresetWeekly: "Weekly, on chosen days",
        "Wöchentlich, an gewählten Tagen";
    EdPresetMonthlyDay: "Monthly, on a day of the month",
        "Monatlich, an einem Tag des Monats";
    EdPresetMonthlyWeekday: "Monthly, on a weekday (e.g. the last Friday)",
        "Monatlich, an einem Wochentag (z. B. am letzten Freitag)";
    EdPresetYearly: "Yearly",
        "Jährlich";
    EdPresetAfterDone: "Again some time after it is done",
        "Wieder eine Weile nach dem Erledigen";
    EdPresetAdaptive: "When it is usually done (learns)",
        "Wann es üblicherweise erledigt wird (lernt)";
    EdPresetAfterChore: "After another chore",
        "Nach einer anderen Aufgabe";
    EdPresetCustom: "Custom rule (RRULE)",
        "Eigene Regel (RRULE)";
    EdNoPreviewAfterDone: "Each next due date is counted from when it is done.",
        "Jede nächste Fälligkeit zählt ab dem Erledigen.";
    EdNoPreviewAdaptive: "The app learns the usual gap from the last completions; until then it uses the first guess.",
        "Die App lernt den üblichen Abstand aus den letzten Erledigungen; bis dahin gilt die erste Schätzung.";
    EdNoPreviewAfterChore: "It is planned when the other chore is done.",
        "Sie wird geplant, wenn die andere Aufgabe erledigt ist.";
    EdNoPreviewOnce: "It is due once.",
        "Sie ist einmal fällig.";
    EdUnitHours: "hours",
        "Stunden";
    EdUnitDays: "days",
        "Tage";
    EdUnitWeeks: "weeks",
        "Wochen";
    EdUnitMonths: "months",
        "Monate";
    EdNthFirst: "First",
        "Erster";
    EdNthSecond: "Second",
        "Zweiter";
    EdNthThird: "Third",
        "Dritter";
    EdNthFourth: "Fourth",
        "Vierter";
    EdNthLast: "Last",
        "Letzter";
    EdModeFixed: "One member",
        "Ein Mitglied";
    EdModeFixedHint: "The same member every time.",
        "Jedes Mal dasselbe Mitglied.";
    EdModeRotation: "Taking turns",
        "Abwechselnd";
    EdModeRotationHint: "One member of the list each time, chosen as set below.",
        "Jedes Mal ein Mitglied der Liste, gewählt wie unten eingestellt.";
    EdModeAnyone: "Anyone on the list",
        "Wer von der Liste will";
    EdModeAnyoneHint: "Whoever on the list gets to it first claims it or just does it.",
        "Wer von der Liste zuerst dazu kommt, übernimmt sie oder erledigt sie einfach.";
    EdModeEveryone: "Everyone on the list",
        "Alle auf der Liste";
    EdModeEveryoneHint: "Each member on the list does it; the next one is planned when all are done.",
        "Jedes Mitglied der Liste erledigt sie; die nächste wird geplant, wenn alle fertig sind.";
    EdStratRoundRobin: "In order",
        "Der Reihe nach";
    EdStratRoundRobinHint: "The next member on the list after the last one, round and round.",
        "Das nächste Mitglied der Liste nach dem letzten, immer reihum.";
    EdStratLeastCompleted: "Fewest done",
        "Am wenigsten erledigt";
    EdStratLeastCompletedHint: "Whoever has done this chore the fewest times (ties: list order).",
        "Wer diese Aufgabe am seltensten erledigt hat (bei Gleichstand: Listenreihenfolge).";
    EdStratLeastAssigned: "Fewest turns",
        "Am wenigsten dran";
    EdStratLeastAssignedHint: "Whoever has been given this chore the fewest times (ties: list order).",
        "Wer diese Aufgabe am seltensten bekommen hat (bei Gleichstand: Listenreihenfolge).";
    EdStratRandom: "Random",
        "Zufällig";
    EdStratRandomHint: "Anyone on the list, by chance.",
        "Irgendwer von der Liste, per Zufall.";
    EdStratRandomExceptLast: "Random, not twice in a row",
        "Zufällig, nicht zweimal hintereinander";
    EdStratRandomExceptLastHint: "By chance, but never the member who had the last turn.",
        "Per Zufall, aber nie das Mitglied, das zuletzt dran war.";
    EdStratKeepLast: "Same member while available",
        "Dasselbe Mitglied, solange verfügbar";
    EdStratKeepLastHint: "The last member again, unless they are away; then the next in order.",
        "Wieder das letzte Mitglied, außer es ist weg; dann das nächste in der Reihe.";
    HistChore: "Chore",
        "Aufgabe";
    HistStatus: "Status",
        "Status";
    HistClosed: "Closed",
        "Abgeschlossen";
    HistNote: "Note",
        "Notiz";
    HistExportTitle: "Download the whole history",
        "Den ganzen Verlauf herunterladen";
    HistExportHint: "Every chore ever planned, also the open ones, as a file.",
        "Jede je geplante Aufgabe, auch die offenen, als Datei.";
    CalMonths: "Months",
        "Monate";
    CalPrevious: "Previous month",
        "Voriger Monat";
    CalThis: "This month",
        "Dieser Monat";
    CalNext: "Next month",
        "Nächster Monat";
    CalLegend: "Each day lists the chores due on it and those done, skipped or missed on it.",
        "Jeder Tag listet die an ihm fälligen Aufgaben und die an ihm erledigten, übersprungenen oder verpassten.";
    RewStore: "Store",
        "Laden";
    RewDecide: "Requests to decide",
        "Zu entscheidende Anfragen";
    RewMine: "My requests",
        "Meine Anfragen";
    PageN: "Page {0}",
        "Seite {0}";
    BoardFirstOpen: "The first {0} open",
        "Die ersten {0} offenen";
    BoardOpenCount: "{0} open",
        "{0} offen";
    CatList: "All tasks",
        "Alle Aufgaben";
    CatShowMore: "Show {0} more",
        "{0} weitere zeigen";
    PtsRank: "Rank",
        "Rang";
    PtsPoints: "#Points",
        "#Punkte";
    PtsWhen: "When",
        "Wann";
    PtsWhat: "What",
        "Was";
    PtsMine: "My points",
        "Meine Punkte";
    PtsBoard: "Leaderboard",
        "Rangliste";
    PtsBoardHint: "Points earned for chores (not adjustments or rewards).",
        "Für Aufgaben verdiente Punkte (ohne Korrekturen und Belohnungen).";
    PtsNobody: "Nobody is in the household yet.",
        "Noch niemand ist im Haushalt.";
    PtsYou: " (you)",
        " (du)";
    PtsNoEntries: "No points yet: chores with points earn them when done (or approved).",
        "Noch keine Punkte: Aufgaben mit Punkten bringen sie beim Erledigen (oder Bestätigen).";
    PtsPages: "My points pages",
        "Seiten meiner Punkte";
    PtsEntriesPageN: "Entries, page {0}",
        "Einträge, Seite {0}";
    PtsLoadingMine: "Loading your points…",
        "Deine Punkte werden geladen…";
    PtsLoadingBoard: "Loading the leaderboard…",
        "Die Rangliste wird geladen…";
    StTodo: "To do",
        "Offen";
    StWaiting: "Waiting for approval",
        "Wartet auf Bestätigung";
    StDone: "Done",
        "Erledigt";
    StApproved: "Approved",
        "Bestätigt";
    StRejected: "Rejected",
        "Abgelehnt";
    StSkipped: "Skipped",
        "Übersprungen";
    StMissed: "Missed",
        "Verpasst";
    StOther: "Other",
        "Sonstiges";
    PtsAChore: "a chore",
        "eine Aufgabe";
    PtsEarned: "Earned: {0}",
        "Verdient: {0}";
    PtsReversed: "Taken back ({0}): {1}",
        "Zurückgenommen ({0}): {1}";
    PtsPenalty: "Penalty, missed: {0}",
        "Abzug, verpasst: {0}";
    PtsPenaltyBack: "Penalty given back: {0}",
        "Abzug erstattet: {0}";
    PtsRedemption: "Reward: {0}",
        "Belohnung: {0}";
    PtsAdjustedBy: "Adjusted by {0}: {1}",
        "Korrigiert von {0}: {1}";
    PtsAdjusted: "Adjusted: {0}",
        "Korrigiert: {0}";
    PtsOutOfStockFull: "Out of stock.",
        "Vergriffen.";
    PtsNotEnough: "Not enough points: you have {0} available, this costs {1}.",
        "Nicht genug Punkte: du hast {0} verfügbar, dies kostet {1}.";
    PtsUnlimited: "Unlimited",
        "Unbegrenzt";
    PtsOutOfStock: "Out of stock",
        "Vergriffen";
    PtsLeft: "{0} left",
        "noch {0}";
    RedPending: "Waiting for an admin",
        "Wartet auf einen Admin";
    RedDeclined: "Declined",
        "Abgelehnt";
    RedCancelled: "Cancelled",
        "Zurückgezogen";
    PtsWeek: "This week",
        "Diese Woche";
    PtsMonth: "This month",
        "Dieser Monat";
    PtsAllTime: "All time",
        "Insgesamt";
    PtsPeriod: "Period",
        "Zeitraum";
    MemAdminsOnly: "Only household admins can manage members.",
        "Nur Admins des Haushalts können Mitglieder verwalten.";
    MemListHeading: "Everyone in the household",
        "Alle im Haushalt";
    MemLoading: "Loading members…",
        "Mitglieder werden geladen…";
    MemPasswordHint: "At least 8 characters. Tell the member in person.",
        "Mindestens 8 Zeichen. Sag es dem Mitglied persönlich.";
    MemSetPassword: "Set password",
        "Passwort setzen";
    MemPasswordSet: "New password set for {0}: tell them. Their sessions have ended.",
        "Neues Passwort für {0} gesetzt: sag es der Person. Ihre Sitzungen wurden beendet.";
    MemResetOf: "Reset password of {0}",
        "Passwort zurücksetzen von {0}";
    MemReset: "Reset password",
        "Passwort zurücksetzen";
    MemRemoveName: "Remove {0}",
        "{0} entfernen";
    MemRemoveConfirm: "Remove {0}? They can no longer sign in and are signed out everywhere; their task history stays.",
        "{0} entfernen? Die Person kann sich nicht mehr anmelden und wird überall abgemeldet; ihr Verlauf bleibt.";
    MemYesRemove: "Yes, remove",
        "Ja, entfernen";
    InvAdminsOnly: "Only household admins can invite people.",
        "Nur Admins des Haushalts können Leute einladen.";
    InvLoadingRegistration: "Loading registration…",
        "Registrierung wird geladen…";
    InvLoading: "Loading invites…",
        "Einladungen werden geladen…";
    InvNone: "No invites yet.",
        "Noch keine Einladungen.";
    InvCopyRefused: "Copying is not allowed here: select the code and copy it.",
        "Kopieren ist hier nicht erlaubt: markiere den Code und kopiere ihn.";
    InvNew: "New invite",
        "Neue Einladung";
    InvHours: "Valid for (hours)",
        "Gültig für (Stunden)";
    InvUses: "Uses",
        "Verwendungen";
    InvCreate: "Create invite",
        "Einladung erstellen";
    InvCreating: "Creating…",
        "Wird erstellt…";
    InvRange: "Hours must be a whole number from 1 to 720, uses from 1 to 100.",
        "Stunden müssen eine ganze Zahl von 1 bis 720 sein, Verwendungen von 1 bis 100.";
    InvCodeHint: "The code, shown only now: send it to the person you invite.",
        "Der Code, nur jetzt gezeigt: schick ihn der Person, die du einlädst.";
    InvCopy: "Copy",
        "Kopieren";
    InvNumber: "Invite #{0}",
        "Einladung #{0}";
    InvUsed: "Used",
        "Verwendet";
    InvUsesOf: "{0} of {1}",
        "{0} von {1}";
    InvExpires: "Expires",
        "Läuft ab";
    InvRevoke: "Revoke",
        "Widerrufen";
    InvRevoking: "Revoking…",
        "Wird widerrufen…";
    InvRevokeNumber: "Revoke invite #{0}",
        "Einladung #{0} widerrufen";
    InvOpenUntil: "Open to everyone until {0}.",
        "Offen für alle bis {0}.";
    InvClosed: "Closed: only people with an invite code can register.",
        "Geschlossen: nur Leute mit Einladungscode können sich registrieren.";
    InvMinutesRange: "Minutes must be a whole number from 1 to 10080 (a week).",
        "Minuten müssen eine ganze Zahl von 1 bis 10080 (eine Woche) sein.";
    InvRegistrationTitle: "Registration without a code",
        "Registrierung ohne Code";
    InvMinutes: "Open for (minutes)",
        "Offen für (Minuten)";
    InvExtend: "Extend",
        "Verlängern";
    InvOpen: "Open registration",
        "Registrierung öffnen";
    InvOpening: "Opening…",
        "Wird geöffnet…";
    InvClose: "Close now",
        "Jetzt schließen";
    InvClosing: "Closing…",
        "Wird geschlossen…";
    CatLoading: "Loading tasks…",
        "Aufgaben werden geladen…";
    CatNone: "No tasks yet.",
        "Noch keine Aufgaben.";
    CatShowArchived: "Show archived",
        "Archivierte zeigen";
    CatNewTask: "New task",
        "Neue Aufgabe";
    CatCreateTask: "Create task",
        "Aufgabe anlegen";
    RowArchived: "Archived",
        "Archiviert";
    RowSave: "Save",
        "Speichern";
    RowEdit: "Edit",
        "Bearbeiten";
    RowScheduleOf: "Schedule of {0}",
        "Zeitplan von {0}";
    RowSchedule: "Schedule",
        "Zeitplan";
    RowArchive: "Archive",
        "Archivieren";
    RowArchiving: "Archiving…",
        "Wird archiviert…";
    RowArchiveName: "Archive {0}",
        "{0} archivieren";
    RowAssignTo: "Assign {0} to",
        "{0} zuweisen an";
    RowAssignToDots: "Assign to…",
        "Zuweisen an…";
    RowAssign: "Assign",
        "Zuweisen";
    RowAssigning: "Assigning…",
        "Wird zugewiesen…";
    RowChooseMember: "Choose a member first",
        "Wähle zuerst ein Mitglied";
    RowAssigned: "Assigned to {0}.",
        "{0} zugewiesen.";
    ErrOffline: "Cannot reach the server. Check your connection and try again.",
        "Der Server ist nicht erreichbar. Prüfe deine Verbindung und versuche es erneut.";
    ErrTooManyOne: "Too many attempts — try again in {0} second.",
        "Zu viele Versuche – versuche es in {0} Sekunde erneut.";
    ErrTooMany: "Too many attempts — try again in {0} seconds.",
        "Zu viele Versuche – versuche es in {0} Sekunden erneut.";
    ErrTooManyMoment: "Too many attempts — try again in a moment.",
        "Zu viele Versuche – versuche es gleich erneut.";
    ErrExpired: "Your session has expired. Please sign in again.",
        "Deine Sitzung ist abgelaufen. Bitte melde dich erneut an.";
    ErrForbidden: "You are not allowed to do that.",
        "Das darfst du nicht.";
    ErrNoSuchAction: "The server does not offer this action. Reload the page; if it persists, the app and server versions differ.",
        "Der Server bietet diese Aktion nicht an. Lade die Seite neu; bleibt es so, passen die Versionen von App und Server nicht zusammen.";
    ErrSignInAgain: "Please sign in again.",
        "Bitte melde dich erneut an.";
    ErrGone: "That item no longer exists. The list has been refreshed.",
        "Diesen Eintrag gibt es nicht mehr. Die Liste wurde aktualisiert.";
    ErrConflict: "That conflicts with a change someone else made. Refresh and try again.",
        "Das widerspricht einer Änderung von jemand anderem. Aktualisiere und versuche es erneut.";
    ErrRefused: "The request was not accepted. Check the form and try again.",
        "Die Anfrage wurde nicht angenommen. Prüfe das Formular und versuche es erneut.";
    ErrServer: "The server had a problem. Please try again in a moment.",
        "Der Server hatte ein Problem. Bitte versuche es gleich erneut.";
    ValUsernameRequired: "Username is required",
        "Der Benutzername fehlt";
    ValUsernameRule: "Username must be 3-32 characters: letters, digits, \".\", \"_\" or \"-\"",
        "Der Benutzername muss 3–32 Zeichen lang sein: Buchstaben, Ziffern, „.“, „_“ oder „-“";
    ValPasswordRequired: "Password is required",
        "Das Passwort fehlt";
    ValPasswordShort: "Password must be at least 8 characters",
        "Das Passwort muss mindestens 8 Zeichen haben";
    ValPasswordLong: "Password must be at most 72 bytes",
        "Das Passwort darf höchstens 72 Bytes haben";
    ValCurrentRequired: "Current password is required",
        "Das aktuelle Passwort fehlt";
    ValPasswordsDiffer: "The two new passwords differ",
        "Die beiden neuen Passwörter unterscheiden sich";
    ValPasswordSame: "The new password must differ from the current one",
        "Das neue Passwort muss sich vom aktuellen unterscheiden";
    ValTaskNameRequired: "Task name is required",
        "Der Name der Aufgabe fehlt";
    ValTaskNameLong: "Task name must be at most 100 characters",
        "Der Name der Aufgabe darf höchstens 100 Zeichen haben";
    ValDescriptionLong: "Description must be at most 1000 characters",
        "Die Beschreibung darf höchstens 1000 Zeichen haben";
    RewRedeem: "Redeem",
        "Einlösen";
    RewPoints: "{0} points",
        "{0} Punkte";
    RewStock: "Stock",
        "Vorrat";
    RewDecidedBy: "Decided by",
        "Entschieden von";
    RewCost: "Cost",
        "Kosten";
    RewAvailable: "You have {0} points available.",
        "Du hast {0} Punkte verfügbar.";
    RewCancelRequest: "Cancel request",
        "Anfrage zurückziehen";
    RewFor: "{0} for {1}",
        "{0} für {1}";
    RewApprove: "Approve",
        "Bestätigen";
    RewAsking: "Asking…",
        "Wird angefragt…";
    RewCancelling: "Cancelling…",
        "Wird zurückgezogen…";
    RewApproving: "Approving…",
        "Wird bestätigt…";
    RewDeclining: "Declining…",
        "Wird abgelehnt…";
    RewAdded: "Reward added.",
        "Belohnung hinzugefügt.";
    ApprReject: "Reject",
        "Zurückweisen";
    ApprRejecting: "Rejecting…",
        "Wird zurückgewiesen…";
    HistFilters: "Filters",
        "Filter";
    HistFrom: "From",
        "Von";
    HistTo: "To",
        "Bis";
    HistSaved: "Saved {0}: {1} rows.",
        "{0} gespeichert: {1} Zeilen.";
    HistPreparing: "Preparing…",
        "Wird vorbereitet…";
    HistCsv: "Download CSV",
        "CSV herunterladen";
    HistJson: "Download JSON",
        "JSON herunterladen";
    HistOfWhole: "of the whole history",
        "des ganzen Verlaufs";
    RewEdCost: "Cost (points)",
        "Kosten (Punkte)";
    RewEdStockHint: "Empty: unlimited.",
        "Leer: unbegrenzt.";
    RewEdCancel: "Cancel editing",
        "Bearbeiten abbrechen";
    InvRevoked: "Revoked",
        "Widerrufen";
    InvUsedUp: "Used up",
        "Aufgebraucht";
    InvExpired: "Expired",
        "Abgelaufen";
    StateEnded: "You have been signed out: your session expired or was ended. Please sign in again.",
        "Du wurdest abgemeldet: deine Sitzung ist abgelaufen oder wurde beendet. Bitte melde dich erneut an.";
    PtsBalance: "Balance",
        "Kontostand";
    PtsPending: "Set aside for requests",
        "Für Anfragen reserviert";
    PtsAvailable: "Available",
        "Verfügbar";
    MemYou: "(you)",
        "(du)";
    Loading: "Loading…",
        "Wird geladen…";
}
