#include "FieldEditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDoubleValidator>
#include <QJsonArray>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace cadenio::views {

using Type = FieldSpec::Type;

FieldEditor::FieldEditor(const FieldSpec &field, const QList<FileChoice> &files, QWidget *parent)
    : QWidget(parent)
    , m_field(field)
{
    switch (field.type) {
    case Type::LongText: {
        auto *edit = new QPlainTextEdit(this);
        edit->setTabChangesFocus(true);
        m_editor = edit;
        break;
    }
    case Type::Number: {
        auto *edit = new QLineEdit(this);
        auto *validator = new QDoubleValidator(edit);
        validator->setNotation(QDoubleValidator::StandardNotation);
        edit->setValidator(validator);
        edit->setPlaceholderText(tr("A number, e.g. %1").arg(QLocale().toString(1234.5)));
        m_editor = edit;
        break;
    }
    case Type::Boolean:
        m_editor = new QCheckBox(tr("Yes"), this);
        break;
    case Type::Date: {
        auto *edit = new QDateEdit(QDate::currentDate(), this);
        edit->setCalendarPopup(true);
        m_editor = edit;
        break;
    }
    case Type::Select: {
        auto *combo = new QComboBox(this);
        for (const QString &option : field.options)
            combo->addItem(option, option);
        m_editor = combo;
        break;
    }
    case Type::MultiSelect: {
        auto *list = new QListWidget(this);
        for (const QString &option : field.options) {
            auto *item = new QListWidgetItem(option, list);
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
            item->setCheckState(Qt::Unchecked);
        }
        m_editor = list;
        break;
    }
    case Type::File: {
        auto *combo = new QComboBox(this);
        combo->addItem(tr("No file"), QString());
        for (const FileChoice &file : files)
            combo->addItem(file.second, file.first);
        m_editor = combo;
        break;
    }
    case Type::Email:
    case Type::Url:
    case Type::DataSource:
    case Type::Text: {
        auto *edit = new QLineEdit(this);
        if (field.type == Type::Email)
            edit->setPlaceholderText(tr("name@example.com"));
        else if (field.type == Type::Url)
            edit->setPlaceholderText(tr("https://…"));
        else if (field.type == Type::DataSource)
            edit->setPlaceholderText(tr("Record id (rec_…)"));
        m_editor = edit;
        break;
    }
    }
    m_editor->setObjectName(QStringLiteral("fieldEditor"));
    setFocusProxy(m_editor);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_editor);
}

void FieldEditor::setValue(const QJsonValue &value)
{
    switch (m_field.type) {
    case Type::LongText:
        static_cast<QPlainTextEdit *>(m_editor)->setPlainText(value.toString());
        return;
    case Type::Number:
        static_cast<QLineEdit *>(m_editor)->setText(
            value.isDouble() ? QLocale().toString(value.toDouble(), 'g', 15) : QString());
        return;
    case Type::Boolean:
        static_cast<QCheckBox *>(m_editor)->setChecked(value.toBool());
        return;
    case Type::Date: {
        const QDate date = QDate::fromString(value.toString().left(10), Qt::ISODate);
        if (date.isValid())
            static_cast<QDateEdit *>(m_editor)->setDate(date);
        return;
    }
    case Type::Select:
    case Type::File: {
        auto *combo = static_cast<QComboBox *>(m_editor);
        combo->setCurrentIndex(std::max(0, combo->findData(value.toString())));
        return;
    }
    case Type::MultiSelect: {
        auto *list = static_cast<QListWidget *>(m_editor);
        const QJsonArray chosen = value.toArray();
        for (int row = 0; row < list->count(); ++row) {
            QListWidgetItem *item = list->item(row);
            item->setCheckState(chosen.contains(item->text()) ? Qt::Checked : Qt::Unchecked);
        }
        return;
    }
    case Type::Email:
    case Type::Url:
    case Type::DataSource:
    case Type::Text:
        static_cast<QLineEdit *>(m_editor)->setText(value.toString());
        return;
    }
}

std::optional<QJsonValue> FieldEditor::value(QString *error) const
{
    const auto textOrNull = [](const QString &text) {
        return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
    };
    switch (m_field.type) {
    case Type::LongText:
        return textOrNull(static_cast<QPlainTextEdit *>(m_editor)->toPlainText());
    case Type::Number: {
        const QString text = static_cast<QLineEdit *>(m_editor)->text().trimmed();
        if (text.isEmpty())
            return QJsonValue(QJsonValue::Null);
        bool ok = false;
        double number = QLocale().toDouble(text, &ok);
        if (!ok)
            number = text.toDouble(&ok); // "1.5" typed in a locale with a decimal comma
        if (!ok) {
            if (error)
                *error = tr("“%1” is not a number.").arg(text);
            return std::nullopt;
        }
        return QJsonValue(number);
    }
    case Type::Boolean:
        return QJsonValue(static_cast<QCheckBox *>(m_editor)->isChecked());
    case Type::Date:
        return QJsonValue(static_cast<QDateEdit *>(m_editor)->date().toString(Qt::ISODate));
    case Type::Select:
    case Type::File:
        return textOrNull(static_cast<QComboBox *>(m_editor)->currentData().toString());
    case Type::MultiSelect: {
        QJsonArray chosen;
        const auto *list = static_cast<QListWidget *>(m_editor);
        for (int row = 0; row < list->count(); ++row) {
            if (list->item(row)->checkState() == Qt::Checked)
                chosen.append(list->item(row)->text());
        }
        return QJsonValue(chosen);
    }
    case Type::Email:
    case Type::Url:
    case Type::DataSource:
    case Type::Text:
        return textOrNull(static_cast<QLineEdit *>(m_editor)->text().trimmed());
    }
    return QJsonValue(QJsonValue::Null);
}

} // namespace cadenio::views
