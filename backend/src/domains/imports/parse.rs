//! The historical-dossier CSV (CONTRACT "Import format"), read as a stream: a header check,
//! then one [`Parsed`] per record with its 1-based line number. Everything that needs no
//! database is checked here (instants, order of instants, channel, booleans, fee, codes
//! repeated inside the file); existing codes and procedures are the service's business.
//! Pure and synchronous: the service runs it on the blocking pool.

use std::collections::{HashMap, VecDeque};
use std::io::Read;

use chrono::{DateTime, Utc};

/// How a dossier arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    /// At the counter (channel 1).
    Counter,
    /// Online (channel 2).
    Online,
    /// By public postal service (channel 3).
    Postal,
}

impl Channel {
    /// Storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Counter => "counter",
            Channel::Online => "online",
            Channel::Postal => "postal",
        }
    }
}

/// One valid row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRow {
    /// 1-based line where the record starts (the header is line 1).
    pub line: u64,
    /// Dossier code, kept as given.
    pub code: String,
    /// National procedure code.
    pub procedure_code: String,
    /// Acceptance instant.
    pub received_at: DateTime<Utc>,
    /// Due instant.
    pub due_at: DateTime<Utc>,
    /// Finishing instant; none while in progress.
    pub finished_at: Option<DateTime<Utc>>,
    /// Channel.
    pub channel: Channel,
    /// Result sent by post.
    pub returned_by_post: bool,
    /// All components digitised.
    pub digitized: bool,
    /// Fee paid online.
    pub paid_online: bool,
    /// Fee in VND.
    pub fee_vnd: i64,
}

/// A problem with one line (line 1 for the header).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// 1-based line number.
    pub line: u64,
    /// What is wrong, naming the column.
    pub message: String,
}

/// One record's outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parsed {
    /// A valid row.
    Row(ImportRow),
    /// A bad row (or a bad header, or an unreadable file: then it is the last item).
    Error(RowError),
}

/// The columns of the format; the first five are required.
const COLUMNS: [&str; 10] = [
    "code",
    "procedure_code",
    "received_at",
    "due_at",
    "channel",
    "finished_at",
    "returned_by_post",
    "digitized",
    "paid_online",
    "fee_vnd",
];
const REQUIRED: usize = 5;
const MAX_CODE_CHARS: usize = 64;

/// Where each known column sits in the file.
#[derive(Clone, Copy, Debug, Default)]
struct Layout {
    at: [Option<usize>; COLUMNS.len()],
    width: usize,
}

/// A streaming reader of the format. Iterating yields every record's outcome; a bad header
/// yields its errors (all at line 1) and nothing else.
pub struct DossierCsv<R: Read> {
    reader: csv::Reader<Lines<R>>,
    layout: Option<Layout>,
    pending: Vec<RowError>,
    seen: HashMap<String, u64>,
    record: csv::ByteRecord,
    records: u64,
    done: bool,
}

impl<R: Read> DossierCsv<R> {
    /// Reads and checks the header.
    pub fn new(input: R) -> Self {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(Lines::new(input));
        let (layout, pending) = match reader.byte_headers() {
            Ok(h) => match check_header(h) {
                Ok(layout) => (Some(layout), Vec::new()),
                Err(errors) => (None, errors),
            },
            Err(e) => (None, vec![fatal(&e)]),
        };
        DossierCsv {
            reader,
            layout,
            pending,
            seen: HashMap::new(),
            record: csv::ByteRecord::new(),
            records: 0,
            done: false,
        }
    }

    /// Bytes consumed so far (for progress).
    pub fn bytes_read(&self) -> u64 {
        self.reader.position().byte()
    }
}

impl<R: Read> Iterator for DossierCsv<R> {
    type Item = Parsed;

    fn next(&mut self) -> Option<Parsed> {
        if let Some(e) = self.pending.pop() {
            return Some(Parsed::Error(e));
        }
        if self.done {
            return None;
        }
        let Some(layout) = self.layout else {
            self.done = true;
            return None;
        };
        match self.reader.read_byte_record(&mut self.record) {
            Ok(true) => {
                self.records += 1;
                let byte = self.record.position().map_or(0, csv::Position::byte);
                let line = self.reader.get_mut().line_at(byte);
                Some(match row(&self.record, &layout, line) {
                    Ok(r) => match self.seen.get(&r.code) {
                        Some(first) => Parsed::Error(RowError {
                            line,
                            message: format!(
                                "code: `{}` already appears on line {first} of this file",
                                r.code
                            ),
                        }),
                        None => {
                            self.seen.insert(r.code.clone(), line);
                            Parsed::Row(r)
                        }
                    },
                    Err(message) => Parsed::Error(RowError { line, message }),
                })
            }
            Ok(false) => {
                self.done = true;
                if self.records == 0 {
                    // Header only: say so rather than import nothing silently.
                    return Some(Parsed::Error(RowError {
                        line: 2,
                        message: "the file has a header but no rows".into(),
                    }));
                }
                None
            }
            Err(e) => {
                self.done = true;
                let mut err = fatal(&e);
                if let Some(p) = e.position() {
                    err.line = self.reader.get_mut().line_at(p.byte());
                }
                Some(Parsed::Error(err))
            }
        }
    }
}

/// Counts lines by the byte offsets of `\n`, because the CSV reader's own line numbers skip
/// blank lines and a record's position points at the blank lines before it. Offsets are kept
/// only for the bytes read ahead of the current record.
struct Lines<R> {
    inner: R,
    offset: u64,
    /// (offset of a `\n`, whether the line it ends is blank: empty or a lone `\r`).
    newlines: VecDeque<(u64, bool)>,
    line_has_content: bool,
    passed: u64,
}

impl<R> Lines<R> {
    fn new(inner: R) -> Self {
        Lines {
            inner,
            offset: 0,
            newlines: VecDeque::new(),
            line_has_content: false,
            passed: 0,
        }
    }

    /// The 1-based line where the record positioned at `pos` starts, past any blank lines
    /// (positions must not go backwards).
    fn line_at(&mut self, pos: u64) -> u64 {
        while let Some((at, blank)) = self.newlines.front().copied() {
            if at < pos || blank {
                self.newlines.pop_front();
                self.passed += 1;
            } else {
                break;
            }
        }
        self.passed + 1
    }
}

impl<R: Read> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for (i, b) in buf.iter().take(n).enumerate() {
            match b {
                b'\n' => {
                    self.newlines
                        .push_back((self.offset + i as u64, !self.line_has_content));
                    self.line_has_content = false;
                }
                b'\r' => {}
                _ => self.line_has_content = true,
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// A read error ends the file; it is reported at the line where it happened.
fn fatal(e: &csv::Error) -> RowError {
    let line = e.position().map_or(1, csv::Position::line);
    let message = match e.kind() {
        csv::ErrorKind::Io(io) => format!("the file could not be read: {io}"),
        _ => format!("the file is not valid CSV here: {e}"),
    };
    RowError { line, message }
}

fn check_header(h: &csv::ByteRecord) -> Result<Layout, Vec<RowError>> {
    let mut layout = Layout {
        width: h.len(),
        ..Layout::default()
    };
    let mut problems = Vec::new();
    if h.is_empty() || (h.len() == 1 && h.get(0).is_some_and(<[u8]>::is_empty)) {
        problems.push("the file is empty; the first line must name the columns".to_string());
    }
    for (i, raw) in h.iter().enumerate() {
        let raw = if i == 0 {
            raw.strip_prefix("\u{feff}".as_bytes()).unwrap_or(raw)
        } else {
            raw
        };
        let Ok(name) = std::str::from_utf8(raw) else {
            problems.push(format!("column {} has a name that is not UTF-8", i + 1));
            continue;
        };
        let name = name.trim();
        match COLUMNS.iter().position(|c| *c == name) {
            Some(k) => match layout.at.get_mut(k) {
                Some(slot @ None) => *slot = Some(i),
                _ => problems.push(format!("column `{name}` appears twice")),
            },
            None if name.is_empty() => problems.push(format!("column {} has no name", i + 1)),
            None => problems.push(format!(
                "unknown column `{name}` (the columns are {})",
                COLUMNS.join(", ")
            )),
        }
    }
    let missing: Vec<&str> = COLUMNS
        .iter()
        .take(REQUIRED)
        .zip(layout.at)
        .filter(|(_, at)| at.is_none())
        .map(|(c, _)| *c)
        .collect();
    if !missing.is_empty() && !h.is_empty() {
        problems.push(format!(
            "missing required column(s): {}",
            missing.join(", ")
        ));
    }
    if problems.is_empty() {
        Ok(layout)
    } else {
        let mut errors: Vec<RowError> = problems
            .into_iter()
            .map(|message| RowError { line: 1, message })
            .collect();
        // `next` pops from the end: keep the file's order.
        errors.reverse();
        Err(errors)
    }
}

/// The fields of one record by column; every problem of the row, joined.
fn row(rec: &csv::ByteRecord, layout: &Layout, line: u64) -> Result<ImportRow, String> {
    if rec.len() != layout.width {
        return Err(format!(
            "expected {} fields as in the header, found {}",
            layout.width,
            rec.len()
        ));
    }
    let mut problems: Vec<String> = Vec::new();
    let mut field = |k: usize| -> &str {
        let Some(i) = layout.at.get(k).copied().flatten() else {
            return "";
        };
        let raw = rec.get(i).unwrap_or_default();
        match std::str::from_utf8(raw) {
            Ok(s) => s,
            Err(_) => {
                problems.push(format!(
                    "{}: not UTF-8 text",
                    COLUMNS.get(k).unwrap_or(&"?")
                ));
                ""
            }
        }
    };
    let code = field(0).to_string();
    let procedure_code = field(1).to_string();
    let received = field(2).to_string();
    let due = field(3).to_string();
    let channel = field(4).to_string();
    let finished = field(5).to_string();
    let returned_by_post = field(6).to_string();
    let digitized = field(7).to_string();
    let paid_online = field(8).to_string();
    let fee = field(9).to_string();

    check_code("code", &code, &mut problems);
    check_code("procedure_code", &procedure_code, &mut problems);
    let received_at = instant("received_at", &received, true, &mut problems);
    let due_at = instant("due_at", &due, true, &mut problems);
    let finished_at = instant("finished_at", &finished, false, &mut problems);
    if let (Some(r), Some(d)) = (received_at, due_at)
        && d < r
    {
        problems.push(format!("due_at: {due} is before received_at {received}"));
    }
    if let (Some(r), Some(f)) = (received_at, finished_at)
        && f < r
    {
        problems.push(format!(
            "finished_at: {finished} is before received_at {received}"
        ));
    }
    let channel = match channel.to_ascii_lowercase().as_str() {
        "counter" => Some(Channel::Counter),
        "online" => Some(Channel::Online),
        "postal" => Some(Channel::Postal),
        "" => {
            problems.push("channel: required (counter, online or postal)".into());
            None
        }
        _ => {
            problems.push(format!(
                "channel: unknown channel `{channel}` (counter, online or postal)"
            ));
            None
        }
    };
    let returned_by_post = boolean("returned_by_post", &returned_by_post, &mut problems);
    let digitized = boolean("digitized", &digitized, &mut problems);
    let paid_online = boolean("paid_online", &paid_online, &mut problems);
    let fee_vnd = if fee.is_empty() {
        0
    } else {
        match fee.parse::<i64>() {
            Ok(n) if n >= 0 => n,
            Ok(_) => {
                problems.push(format!("fee_vnd: `{fee}` is negative"));
                0
            }
            Err(_) => {
                problems.push(format!("fee_vnd: `{fee}` is not a whole number of đồng"));
                0
            }
        }
    };
    match (received_at, due_at, channel) {
        (Some(received_at), Some(due_at), Some(channel)) if problems.is_empty() => Ok(ImportRow {
            line,
            code,
            procedure_code,
            received_at,
            due_at,
            finished_at,
            channel,
            returned_by_post,
            digitized,
            paid_online,
            fee_vnd,
        }),
        _ => Err(problems.join("; ")),
    }
}

fn check_code(column: &str, value: &str, problems: &mut Vec<String>) {
    if value.is_empty() {
        problems.push(format!("{column}: required"));
    } else if value.chars().count() > MAX_CODE_CHARS {
        problems.push(format!("{column}: longer than {MAX_CODE_CHARS} characters"));
    } else if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        problems.push(format!(
            "{column}: `{value}` contains spaces or control characters"
        ));
    }
}

fn instant(
    column: &str,
    value: &str,
    required: bool,
    problems: &mut Vec<String>,
) -> Option<DateTime<Utc>> {
    if value.is_empty() {
        if required {
            problems.push(format!("{column}: required"));
        }
        return None;
    }
    match DateTime::parse_from_rfc3339(value) {
        Ok(t) => Some(t.to_utc()),
        Err(_) => {
            problems.push(format!(
                "{column}: `{value}` is not an RFC 3339 instant such as 2023-01-05T08:30:00+07:00"
            ));
            None
        }
    }
}

fn boolean(column: &str, value: &str, problems: &mut Vec<String>) -> bool {
    match value.to_ascii_lowercase().as_str() {
        "" | "false" | "0" => false,
        "true" | "1" => true,
        _ => {
            problems.push(format!("{column}: `{value}` is not true or false"));
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<Parsed> {
        DossierCsv::new(text.as_bytes()).collect()
    }

    fn errors(text: &str) -> Vec<(u64, String)> {
        parse(text)
            .into_iter()
            .filter_map(|p| match p {
                Parsed::Error(e) => Some((e.line, e.message)),
                Parsed::Row(_) => None,
            })
            .collect()
    }

    const HEADER: &str = "code,procedure_code,received_at,due_at,finished_at,channel,returned_by_post,digitized,paid_online,fee_vnd\n";

    #[test]
    fn a_good_row_parses_with_defaults_and_its_line_number() {
        let text = format!(
            "{HEADER}\nA-1,1.001193,2023-01-05T08:30:00+07:00,2023-01-10T17:00:00+07:00,,online,,true,,\n"
        );
        let rows = parse(&text);
        let [Parsed::Row(r)] = rows.as_slice() else {
            panic!("{rows:?}")
        };
        assert_eq!(r.line, 3, "a blank line is skipped but still counted");
        assert_eq!(r.code, "A-1");
        assert_eq!(r.channel, Channel::Online);
        assert!(r.digitized && !r.paid_online && !r.returned_by_post);
        assert_eq!(r.fee_vnd, 0);
        assert_eq!(r.finished_at, None);
        assert_eq!(r.received_at.to_rfc3339(), "2023-01-05T01:30:00+00:00");
    }

    #[test]
    fn line_numbers_count_blank_lines_and_newlines_inside_quotes() {
        let good = "P,2023-01-05T08:30:00+07:00,2023-01-10T17:00:00+07:00,,counter,,,,";
        let text = format!("{HEADER}\n\n\"A\nB\",{good}\nC,{good}\n\nD,{good}\n");
        let lines: Vec<(u64, bool)> = parse(&text)
            .into_iter()
            .map(|p| match p {
                Parsed::Row(r) => (r.line, true),
                Parsed::Error(e) => (e.line, false),
            })
            .collect();
        assert_eq!(lines, vec![(4, false), (6, true), (8, true)]);
    }

    #[test]
    fn columns_may_come_in_any_order_and_a_bom_is_ignored() {
        let text = "\u{feff}channel,due_at,received_at,procedure_code,code\ncounter,2023-01-10T17:00:00+07:00,2023-01-05T08:30:00+07:00,P,C\n";
        assert!(matches!(parse(text).as_slice(), [Parsed::Row(_)]));
    }

    #[test]
    fn header_problems_are_all_reported_on_line_one() {
        let e = errors("code,procedure_code,received_at,colour,colour\nx\n");
        let lines: Vec<u64> = e.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![1, 1, 1]);
        assert!(e[0].1.contains("unknown column `colour`"), "{e:?}");
        assert!(e[1].1.contains("unknown column `colour`"), "{e:?}");
        assert!(e[2].1.contains("due_at, channel"), "{e:?}");
        assert!(!errors("").is_empty());
        assert_eq!(errors(HEADER)[0].0, 2);
    }

    #[test]
    fn every_kind_of_bad_row_is_named_with_its_line() {
        let text = format!(
            "{HEADER}\
A,P,2023-01-05 08:30,2023-01-10T17:00:00+07:00,,counter,,,,\n\
B,P,2023-01-05T08:30:00+07:00,2023-01-04T17:00:00+07:00,,counter,,,,\n\
C,P,2023-01-05T08:30:00+07:00,2023-01-10T17:00:00+07:00,2023-01-01T10:00:00+07:00,counter,,,,\n\
D,P,2023-01-05T08:30:00+07:00,2023-01-10T17:00:00+07:00,,fax,,,,\n\
E,P,2023-01-05T08:30:00+07:00,2023-01-10T17:00:00+07:00,,counter,yes,,,\n\
F,P,2023-01-05T08:30:00+07:00,2023-01-10T17:00:00+07:00,,counter,,,,-5\n\
G,P,2023-01-05T08:30:00+07:00,2023-01-10T17:00:00+07:00,,counter,,,,10.5\n\
H,P,2023-01-05T08:30:00+07:00,2023-01-10T17:00:00+07:00,,counter,,,,\n\
H,P,2023-01-05T08:30:00+07:00,2023-01-10T17:00:00+07:00,,counter,,,,\n\
I,P,2023-01-05T08:30:00+07:00\n"
        );
        let e = errors(&text);
        let lines: Vec<u64> = e.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![2, 3, 4, 5, 6, 7, 8, 10, 11], "{e:?}");
        let expect = [
            "received_at: `2023-01-05 08:30` is not an RFC 3339",
            "due_at: 2023-01-04T17:00:00+07:00 is before received_at",
            "finished_at: 2023-01-01T10:00:00+07:00 is before received_at",
            "unknown channel `fax`",
            "returned_by_post: `yes` is not true or false",
            "fee_vnd: `-5` is negative",
            "fee_vnd: `10.5` is not a whole number",
            "`H` already appears on line 9",
            "expected 10 fields as in the header, found 3",
        ];
        for ((_, got), want) in e.iter().zip(expect) {
            assert!(got.contains(want), "{got} should contain {want}");
        }
    }
}
