//! One module per screen; what the screens share is in `components`.

mod account;
mod approvals;
mod board;
mod calendar;
mod catalog;
mod chore_editor;
mod history;
mod household;
mod invites;
mod members;
mod my_tasks;
mod points;
mod rewards;
mod settings;
mod sign_in;
mod today;

pub use account::Account;
pub use approvals::Approvals;
pub use board::Board;
pub use calendar::calendar;
pub use catalog::Catalog;
pub use chore_editor::ChoreEditor;
pub use history::history;
pub use household::Household;
pub use invites::Invites;
pub use members::Members;
pub use my_tasks::MyTasks;
pub use points::points;
pub use rewards::rewards;
pub use settings::settings;
pub use sign_in::SignIn;
pub use today::model as today_model;
pub use today::today;
