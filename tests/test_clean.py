from storyline.ingest.clean import clean_text, split_caption, split_dateline
from storyline.ingest.published import resolve_published


def test_seed_captions_are_kept_aside_without_credits(seeds):
    raw = (seeds / "000_8218b4d8405101c4.txt").read_text()
    cleaned = clean_text(raw)
    assert "Picture:" not in cleaned.text and "REUTERS" not in cleaned.text
    assert cleaned.captions == [
        "US President Donald Trump and North Korean leader Kim Jong-un during their meeting in Singapore, June 12 2018."
    ]
    assert cleaned.dateline == "Washington"
    assert cleaned.text.startswith("US President Donald Trump says he hopes")


def test_image_credit_lines_from_asia_times(seeds):
    cleaned = clean_text((seeds / "004_3d8a99a2a312c321.txt").read_text())
    assert "iStock" not in cleaned.text
    assert len(cleaned.captions) == 2
    assert cleaned.text.startswith("US President Donald Trump said Tuesday")


def test_credit_forms():
    assert split_caption("Protesters in Cairo (AP Photo/Ben Curtis)") == (True, "Protesters in Cairo.")
    assert split_caption("A man walks past. Photograph: Jane Doe/Guardian") == (True, "A man walks past.")
    assert split_caption("Getty Images")[0]
    assert split_caption("Photo: Jane Doe") == (True, "")


def test_a_caption_and_credit_glued_to_the_next_paragraph_are_taken_off_it():
    cleaned = clean_text("Rescuers dig in the rubble Photograph: Carl de Souza/AFP/Getty Images The quake struck "
                         "at 4pm on Tuesday.\nPhotograph: John Edwards/EPA Barack Obama flew to Louisiana.")
    assert cleaned.text == "The quake struck at 4pm on Tuesday.\nBarack Obama flew to Louisiana."
    assert cleaned.captions == ["Rescuers dig in the rubble."]
    for line in ["Images: 5/10 was the critics' rating, he said.", "The photo: a nation divided/split in two."]:
        assert clean_text(line).text == line


def test_body_lines_that_only_mention_images_stay():
    for line in ["The president said the image: a nation divided.",
                 "Getty said on Monday it would buy a rival; " + "the deal is worth $2bn and more. " * 12]:
        assert split_caption(line)[0] is False


def test_repeated_lines_dropped_once():
    cleaned = clean_text("First line here.\nSecond line.\nFirst line here.\n")
    assert cleaned.text == "First line here.\nSecond line."
    assert ("repeated", "First line here.") in cleaned.removed


def test_datelines():
    assert split_dateline("WASHINGTON (Reuters) - The US said") == ("WASHINGTON (Reuters)", "The US said")
    assert split_dateline("SEOUL, Dec 2 (AFP) - North Korea") == ("SEOUL, Dec 2 (AFP)", "North Korea")
    assert split_dateline("Buenos Aires — Leaders met") == ("Buenos Aires", "Leaders met")
    assert split_dateline("Trump said - he would")[0] is None
    assert split_dateline("Gulf spill : US to keep boot on BP")[0] is None


def test_a_page_time_stamp_before_the_dateline_is_part_of_it_and_dates_the_article():
    line = ("HOUSTON/VENICE, Louisiana | Thu May 20, 2010 8:14 pm BST HOUSTON/VENICE, Louisiana (Reuters) - "
            "BP said on Thursday it was siphoning more oil.")
    cleaned = clean_text(line + "\nThe leak went on.")
    assert cleaned.dateline == ("HOUSTON/VENICE, Louisiana | Thu May 20, 2010 8:14 pm BST "
                                "HOUSTON/VENICE, Louisiana (Reuters)")
    assert cleaned.text == "BP said on Thursday it was siphoning more oil.\nThe leak went on."
    assert resolve_published(None, None, None, dateline=cleaned.dateline).value == "2010-05-20"
    assert split_dateline("WASHINGTON | Wed Jun 9, 2010 7:18pm EDT Shares fell.") == (
        "WASHINGTON | Wed Jun 9, 2010 7:18pm EDT", "Shares fell.")
    assert split_dateline("Trump | Kim talks - May 2, 2018 collapse")[0] is None


def test_date_only_first_line_is_the_dateline():
    cleaned = clean_text("November 24, 2004\nEmails were released.")
    assert cleaned.dateline == "November 24, 2004"
    assert cleaned.text == "Emails were released."


def test_whitespace_normalised_and_paragraphs_kept():
    cleaned = clean_text("Donald Trump  says\u00a0hi.\r\n\r\n\r\nNext\u200b paragraph.")
    assert cleaned.text == "Donald Trump says hi.\n\nNext paragraph."
