#!/usr/bin/env bash
# Rebuild the shipped snapshot in data/ from the publishers' own files in ../shared/data/raw/
# (see its PROVENANCE.md), with the same parsing and validation as a live fetch.
# Vintages are imported oldest first; the newest release of each series becomes current.
# Usage: bash scripts/build_snapshot.sh [RAW_DIR] [DATA_DIR] [SCRATCH_DIR]
# SCRATCH_DIR holds publisher files brought in from public repositories for series missing from
# RAW_DIR (see its PROVENANCE.md); they are never copied into the project.
set -euo pipefail
cd "$(dirname "$0")/.."
RAW=${1:-../shared/data/raw}
DATA=${2:-data}
SCRATCH=${3:-../scratch/raw}
import() { python -m fetch --data-dir "$DATA" "$@"; }

# --- pay_gap: OECD gender wage gap, four vintages ----------------------------------------
# data/pay_gap.csv is the newest release with each country's earlier years spliced in from the newest
# earlier release that has them (store/history.py); the vintages stay verbatim.
import pay_gap --from "$RAW/owid/gender-wage-gap-oecd.csv" \
  --origin "ixukw/cse163-project:gender-wage-gap-oecd.csv@90b260fc3377a9c408024d3a6e1d24e8987dd228" \
  --released 2017-10-17 --released-basis "date OWID retrieved the OECD data (OWID dataset metadata)" \
  --label "OECD gender wage gap via Our World in Data (2017)"
import pay_gap --from "$RAW/oecd/DP_LIVE_18022022014344236.csv" \
  --origin "info-201a-wi22/final-project-starter-ciagzb:data/DP_LIVE_18022022014344236.csv@49ccf94f3e6007f4cdfe7cddb8917f869d1dd90e" \
  --released 2022-02-18 --released-basis "export timestamp in the file name (DP_LIVE_18022022...)" \
  --label "OECD data.oecd.org export, February 2022"
import pay_gap --from "$RAW/oecd/wagegap_raw_data.csv" \
  --origin "alainahu/gender_gap:data/raw_data/wagegap_raw_data.csv@0c52848c5feb47914acace1488adf771e0af4a92" \
  --released 2024-04-01 --released-basis "committed to its repository on this date, so downloaded by then" \
  --label "OECD data.oecd.org export, early 2024" \
  --notes "renamed by the committer (the export's timestamped name was lost); content unedited"
import pay_gap --from "$RAW/oecd/oecd_wage_gap.csv" \
  --origin "RoofaE/pay-gap:data/raw/oecd_wage_gap.csv@a083e8be81ca0c8b1711550f392f4f7b1998e5ce" \
  --released 2025-11-08 --released-basis "committed to its repository on this date, so downloaded by then" \
  --label "OECD Data Explorer export, DSD_EARNINGS@GENDER_WAGE_GAP 1.1 (2025)"

# --- fertility_rate: World Bank WDI, five releases ---------------------------------------
WB="$RAW/worldbank"
import fertility_rate --from "$WB/API_SP.DYN.TFRT.IN_DS2_en_csv_v2_4901945.csv" \
  --from "$WB/Metadata_Country_API_SP.DYN.TFRT.IN_DS2_en_csv_v2_4901945.csv" \
  --origin "pieteradejong/demographics:data/API_SP.DYN.TFRT.IN_DS2_en_csv_v2_4901945/API_SP.DYN.TFRT.IN_DS2_en_csv_v2_4901945.csv@a4d138bc4435f20af10bc79ebd7ccf71a0afc7eb"
# Releases that came without their Metadata_Country file: aggregates are told apart with the one of the
# nearest release held (the same rows result with any of the Metadata_Country files held).
COMPANION="came without its Metadata_Country file; aggregates told apart with the Metadata_Country file of the nearest release held"
M2023="$WB/Metadata_Country_API_SP.DYN.TFRT.IN_DS2_en_csv_v2_4901945.csv"
M2025="$WB/Metadata_Country_API_SP.DYN.CBRT.IN_DS2_en_csv_v2_13718.csv"
M2026="$WB/Metadata_Country_API_SP.DYN.TFRT.IN_DS2_EN_csv_v2_33381.csv"
import fertility_rate --from "$WB/API_SP.DYN.TFRT.IN_DS2_en_csv_v2_570.csv" --from "$M2023" \
  --origin "JBreitenbr/psychic-meme:API_SP.DYN.TFRT.IN_DS2_en_csv_v2_570.csv@0254e9170022acb1295fb12105e395d8e62fe8ab" \
  --notes "$COMPANION (2023-03-01, SP.DYN.TFRT.IN 4901945)"
import fertility_rate --from "$WB/API_SP.DYN.TFRT.IN_DS2_en_csv_v2_43477.csv" --from "$M2025" \
  --origin "Jagpreet5ingh/female_fertility_rate_south_asia:data/raw_data/API_SP.DYN.TFRT.IN_DS2_en_csv_v2_43477.csv@3e3300b1af57dd55a638206467b739dd08d2b978" \
  --notes "$COMPANION (2025-03-24, SP.DYN.CBRT.IN 13718); LF line endings (normalised by the committer's tools), every cell intact"
import fertility_rate --from "$WB/API_SP.DYN.TFRT.IN_DS2_en_csv_v2_230.csv" --from "$M2026" \
  --origin "Aether-1337/Capstone-:Data/API_SP.DYN.TFRT.IN_DS2_en_csv_v2_230.csv@d1ca50e9496efaa6f9ea784662ec3eedc9d77b90" \
  --notes "$COMPANION (2026-07-13, SP.DYN.TFRT.IN 33381)"
import fertility_rate --from "$WB/API_SP.DYN.TFRT.IN_DS2_EN_csv_v2_33381.csv" \
  --from "$WB/Metadata_Country_API_SP.DYN.TFRT.IN_DS2_EN_csv_v2_33381.csv" \
  --origin "ilovecaffeine/country-data-fingerprint:data/raw/API_SP.DYN.TFRT.IN_DS2_EN_csv_v2_33381/API_SP.DYN.TFRT.IN_DS2_EN_csv_v2_33381.csv@ae00134cbf7b2b572cf5d656c73f2a435a4cb943"

# --- birth_rate and lfp_female: World Bank WDI, 2023-2025 releases -----------------------
import birth_rate --from "$WB/API_SP.DYN.CBRT.IN_DS2_en_csv_v2_5607611.csv" --from "$M2023" \
  --origin "CreRecombinase/datasync:API_SP.DYN.CBRT.IN_DS2_en_csv_v2_5607611.csv@5778ad0d4df5447c5cb53eccb5a39e24f450beec" \
  --notes "$COMPANION (2023-03-01, SP.DYN.TFRT.IN 4901945)"
import birth_rate --from "$WB/API_SP.DYN.CBRT.IN_DS2_en_csv_v2_1402.csv" --from "$M2023" \
  --origin "xuqi2002/female-employment-and-birth-rate:data/raw_data/API_SP.DYN.CBRT.IN_DS2_en_csv_v2_1402.csv@d510d9883b0e09834347fea21fb045a174d96556" \
  --notes "$COMPANION (2023-03-01, SP.DYN.TFRT.IN 4901945)"
import birth_rate --from "$WB/API_SP.DYN.CBRT.IN_DS2_en_csv_v2_13718.csv" \
  --from "$WB/Metadata_Country_API_SP.DYN.CBRT.IN_DS2_en_csv_v2_13718.csv" \
  --origin "CodePerson2/PythonDataGraphs:csv-data/birth_rate_world_bank/API_SP.DYN.CBRT.IN_DS2_en_csv_v2_13718.csv@593eaf9276718cd2c83819a7a858319b46524bf8"
import lfp_female --from "$WB/API_SL.TLF.CACT.FE.ZS_DS2_en_csv_v2_13361.csv" \
  --from "$WB/Metadata_Country_API_SL.TLF.CACT.FE.ZS_DS2_en_csv_v2_13361.csv" \
  --origin "CodePerson2/PythonDataGraphs:csv-data/female_labor_force_participation_world_bank/API_SL.TLF.CACT.FE.ZS_DS2_en_csv_v2_13361.csv@593eaf9276718cd2c83819a7a858319b46524bf8"
import lfp_female --from "$WB/API_SL.TLF.CACT.FE.ZS_DS2_en_csv_v2_19415.csv" \
  --from "$WB/Metadata_Country_API_SL.TLF.CACT.FE.ZS_DS2_en_csv_v2_13361.csv" \
  --origin "53-97/Tools_-_Methods_Data_Analysis:API_SL.TLF.CACT.FE.ZS_DS2_en_csv_v2_19415.csv@76f6cdc74412cffcbd695ff702a6a2bd2fcab2d6" \
  --notes "$COMPANION (2025-03-24, SL.TLF.CACT.FE.ZS 13361)"

# --- lfp_male and lfp_female: World Bank, July 2026 release ------------------------------
# The repository could not be cloned here; its stored text was reassembled twice, independently,
# with identical results (see $SCRATCH/PROVENANCE.md). Aggregates are told apart with the Country
# metadata of the same World Bank release (2026-07-13).
DATABANK="$SCRATCH/worldbank-databank"
REPO="ayushisensharma/Female-Labour-Force-Participation-in-South-Asia-Trends-and-Gender-Gaps-1990-2025"
NOTES="file text reassembled from the stored repository copy (CRLF line endings restored); two independent \
reassemblies were identical; git blob not verified; aggregates from Metadata_Country of the 2026-07-13 bulk download"
import lfp_male --from "$DATABANK/data_m.csv" \
  --from "$WB/Metadata_Country_API_SP.DYN.TFRT.IN_DS2_EN_csv_v2_33381.csv" \
  --origin "$REPO:data_m.csv@c91e05dd013af27cbff4edc46db6e4db5f32f8dc" \
  --notes "$NOTES"
# lfp_female, July 2026 release: the bulk download in the same repository (a newer vintage than the
# March 2025 file above, with data to 2025).
import lfp_female --from "$DATABANK/data.csv" \
  --from "$WB/Metadata_Country_API_SP.DYN.TFRT.IN_DS2_EN_csv_v2_33381.csv" \
  --origin "$REPO:data.csv@98c45a661038cde2f5e5c0323c0672a1c037bdd0" \
  --notes "$NOTES"
# lfp_female, July 2026 release, unedited: the publisher's bulk file itself, byte for byte. Same figures as
# the reassembled copy above, so both stay listed as vintages of the same release (sharing one data
# file); this import, the later of the two, is the current one (among equal release dates the latest
# import wins), and its manifest entry names the unedited file.
import lfp_female --from "$WB/API_SL.TLF.CACT.FE.ZS_DS2_en_csv_v2_33796.csv" --from "$M2026" \
  --origin "aradhya-2221/south-asia-flfp-policy-analysis:data/raw/API_SL.TLF.CACT.FE.ZS_DS2_en_csv_v2_33796.csv@016f1b6bb661aa9b877685d6b29f3d6399056408" \
  --notes "unedited bulk download (git blob a87588f8); replaces the reassembled copy of the same release (data.csv, same figures) as the current vintage; $COMPANION (2026-07-13, SP.DYN.TFRT.IN 33381)"

# --- births: UN World Population Prospects via OWID, three revisions ---------------------
B="$RAW/births"
import births --from "$B/number-of-births-per-year_wpp2019.csv" \
  --origin "z-marco/wp:number-of-births-per-year.csv@9e6cbbfbc7c5fd268a5c4c47a384627f915bbbb0" \
  --released 2019-06-17 --released-basis "UN World Population Prospects 2019 release date" \
  --label "UN World Population Prospects 2019, via Our World in Data"
import births --from "$B/number-of-births-per-year_wpp2022.csv" \
  --origin "Roberto-M-M/carne:number-of-births-per-year.csv@40737edf87e7ce3132eb44d4e816a90757f02774" \
  --released 2022-07-11 --released-basis "UN World Population Prospects 2022 release date" \
  --label "UN World Population Prospects 2022, via Our World in Data"
import births --from "$B/births-and-deaths-projected-to-2100.csv" \
  --origin "lbabydany/Data_LifeExpectancyRegression:births-and-deaths-projected-to-2100.csv@02874f836fe255dfdaa8890acbb1f15bbbb767a6" \
  --released 2024-07-11 --released-basis "UN World Population Prospects 2024 release date" \
  --label "UN World Population Prospects 2024, via Our World in Data"

# --- unpaid care: OECD Time Use Database -------------------------------------------------
# Survey years: the OECD Time Use workbook of 30 April 2026 imported into fetch/reference/ (the data
# carry none); it dates every country of the current Data Explorer answer.
TU_WORKBOOK="$RAW/oecd/OECD-time-use-database-updates.xlsx"
TU_ORIGIN="nik-sugav/global-time-use-explorer:data/sources/oecd/raw/OECD-time-use-database-updates.xlsx@27bff52bd3b634ba901e2fa45a2f292ce7884ebf"
python -m fetch.time_use "$TU_WORKBOOK" --origin "$TU_ORIGIN"
# 2019 OECD.Stat export (an older vintage), dated by the 2019 workbook it came with.
for series in unpaid_care_female unpaid_care_male; do
  import "$series" --from "$RAW/oecd/TIME_USE_25102019220748242.csv" \
    --from "$RAW/oecd/OECD_1564_TUSupdatePortal.xlsx" \
    --origin "mingligraphics/data-studio-projects:gender-gap-unpaid-work/data/TIME_USE_25102019220748242.csv@dc283ce527a70d8fef66bbc96588892d1ad8e5b5" \
    --released 2019-10-25 --released-basis "export timestamp in the file name (TIME_USE_25102019...)" \
    --label "OECD Time Use Database (OECD.Stat export, October 2019)"
done
# The 2026 workbook's archive sheets, each the database after an update its 'Read me' log dates
# ('Archive 2025': 12 June 2024, what a reader saw in September 2024; 'Archive 2023': 8 March 2021).
# 'Archive 2018' predates the log, so it cannot be dated and is not imported.
python -m fetch archive unpaid_care_female unpaid_care_male --from "$TU_WORKBOOK" --origin "$TU_ORIGIN" \
  --data-dir "$DATA"
# The Data Explorer's answer (REF_AREA.MEASURE.SEX, no time dimension) in both of its layouts: the plain
# csv of 2026-07-02 and, the current release, the labelled csv committed on 2026-07-23 (same figures).
for series in unpaid_care_female unpaid_care_male; do
  import "$series" --from "$RAW/oecd/time_use_oecd_csvfile.csv" \
    --origin "nik-sugav/global-time-use-explorer:data/sources/oecd/raw/sdmx_time_use_latest.csv@27bff52bd3b634ba901e2fa45a2f292ce7884ebf" \
    --released 2026-07-02 --released-basis "fetched from the Data Explorer on this date (the committer's README)" \
    --label "OECD Data Explorer answer, DSD_TIME_USE@DF_TIME_USE 1.0, plain csv layout (2026)"
  import "$series" --from "$RAW/oecd/time_use_oecd.csv" \
    --origin "tamjidbanuw/a-day-in-the-life:data/time_use_oecd.csv@9bae0ae99eac085fe4fed41b103737fa49a4def8" \
    --released 2026-07-23 --released-basis "the file carries no date; committed to its repository on this date, so downloaded by then" \
    --label "OECD Data Explorer export, DSD_TIME_USE@DF_TIME_USE 1.0 (2026)"
done

# --- births_national, fertility_rate_national: Statistics Korea, Population Trends Survey ----
# KOSIS table INH_1B8000F_01, downloaded 2026-03-27 15:18 (the download time inside the file is the
# release date); 2025 is preliminary ("2025 p)") and is marked so in the manifest.
KOSIS_FILE="출생아수__합계출산율__자연증가_등_20260327151823.xlsx"
for series in births_national fertility_rate_national; do
  import "$series" --from "$RAW/kosis/$KOSIS_FILE" \
    --origin "papasmf1/python260324:$KOSIS_FILE@296d12317e94fa4e54c5bbbe0a843fcd4d63d93e" \
    --released-basis "KOSIS download time in the file (메타정보 sheet: 자료다운일자 2026.03.27 15:18)"
done
